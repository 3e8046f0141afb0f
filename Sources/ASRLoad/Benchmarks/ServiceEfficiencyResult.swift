/// Section 2: `/asr/recognize` under closed-loop load at concurrency 1, W, 2W, 4W, every
/// request's audio distinct and the cache off, so every request is decoded.
package struct ServiceEfficiencyResult: Codable, Sendable, Equatable {
    /// Decoder threads (`ASR_WORKER_THREADS`) = W.
    package var workers: Int
    /// The runtime's settings for this section.
    package var environment: [String: String]
    package var levels: [LoadResult]
    /// The engine ceiling at W decoders used as the denominator (audio-s/s).
    package var ceilingAudioSecondsPerSecond: Double?
    /// Highest level throughput ÷ ceiling at W.
    package var efficiency: Double?
    /// The same ratio in audio seconds per CPU second (service process vs decoder threads):
    /// what the service costs on top of the engine, whatever else the machine is doing.
    package var cpuEfficiency: Double?
    /// Seconds from launch to healthy.
    package var startupSeconds: Double
    /// Per-request overhead in pairs with bare decodes (and the peer's, when it ran beside).
    package var overhead: OverheadResult?

    enum CodingKeys: String, CodingKey {
        case workers, environment, levels, efficiency
        case ceilingAudioSecondsPerSecond = "ceiling_audio_seconds_per_second"
        case cpuEfficiency = "cpu_efficiency"
        case startupSeconds = "startup_seconds"
        case overhead
    }

    package init(
        workers: Int,
        environment: [String: String],
        levels: [LoadResult],
        ceilingAudioSecondsPerSecond: Double?,
        efficiency: Double?,
        cpuEfficiency: Double?,
        startupSeconds: Double,
        overhead: OverheadResult? = nil
    ) {
        self.workers = workers
        self.environment = environment
        self.levels = levels
        self.ceilingAudioSecondsPerSecond = ceilingAudioSecondsPerSecond
        self.efficiency = efficiency
        self.cpuEfficiency = cpuEfficiency
        self.startupSeconds = startupSeconds
        self.overhead = overhead
    }

    /// The saturated figure: the level with the highest audio throughput.
    package var saturated: LoadResult? { levels.filter { $0.clients > 1 }.max { $0.audioSecondsPerSecond < $1.audioSecondsPerSecond } }
}
