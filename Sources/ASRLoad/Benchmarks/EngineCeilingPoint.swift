/// The engine's throughput with N decoders, each on its own thread, over the corpus.
package struct EngineCeilingPoint: Codable, Sendable, Equatable {
    package var decoders: Int
    /// Audio seconds decoded (whole utterances completed).
    package var audioSeconds: Double
    /// Wall-clock seconds from the common start to the last decoder's last utterance.
    package var wallSeconds: Double
    /// Audio seconds decoded per second (× real time): the sum over threads of each one's audio
    /// ÷ its own decoding time (`audioSeconds / wallSeconds` when the threads end together).
    package var audioSecondsPerSecond: Double
    /// Audio seconds per CPU second the decoder threads used: the same figure with the
    /// machine's other load taken out.
    package var audioSecondsPerCPUSecond: Double

    enum CodingKeys: String, CodingKey {
        case decoders
        case audioSeconds = "audio_seconds"
        case wallSeconds = "wall_seconds"
        case audioSecondsPerSecond = "audio_seconds_per_second"
        case audioSecondsPerCPUSecond = "audio_seconds_per_cpu_second"
    }

    package init(decoders: Int, audioSeconds: Double, wallSeconds: Double, cpuSeconds: Double) {
        self.decoders = decoders
        self.audioSeconds = audioSeconds
        self.wallSeconds = wallSeconds
        audioSecondsPerSecond = wallSeconds > 0 ? audioSeconds / wallSeconds : 0
        audioSecondsPerCPUSecond = cpuSeconds > 0 ? audioSeconds / cpuSeconds : 0
    }
}
