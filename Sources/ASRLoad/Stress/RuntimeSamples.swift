import ASRContracts

/// What a stress run saw of the runtime: its first and last /asr/stats and the peaks over the samples.
struct RuntimeSamples: Sendable {
    var first: StatsResponse?
    var last: StatsResponse?
    var peakRSS: Double?
    var peakDecodersInUse: Int?

    mutating func add(_ stats: StatsResponse) {
        if first == nil { first = stats }
        last = stats
        peakRSS = max(peakRSS ?? 0, stats.memory.rssMB)
        peakDecodersInUse = max(peakDecodersInUse ?? 0, stats.streams.decoders.inUse)
    }

    /// Listening periods decoded whole during the run because no stream decoder was free while
    /// another loaded (the runtime counts over its life; this is the difference).
    var listeningDecodedWhole: Int? {
        guard let first, let last else { return nil }
        return last.streams.decoders.declinedWhileLoading - first.streams.decoders.declinedWhileLoading
    }
}
