import ASRContracts

/// What a stress run saw of the runtime: its last /asr/stats and the peaks over the samples.
struct RuntimeSamples: Sendable {
    var last: StatsResponse?
    var peakRSS: Double?
    var peakDecodersInUse: Int?

    mutating func add(_ stats: StatsResponse) {
        last = stats
        peakRSS = max(peakRSS ?? 0, stats.memory.rssMB)
        peakDecodersInUse = max(peakDecodersInUse ?? 0, stats.streams.decoders.inUse)
    }
}
