/// One value tried for one runtime setting, and what it measured.
package struct SettingTrial: Codable, Sendable, Equatable {
    /// `ASR_WORKER_THREADS`, `ASR_BATCH_SIZE`, `ASR_CACHE_SIZE_MB`, `ASR_CHUNK_SIZE`.
    package var setting: String
    package var value: String
    /// How it was measured (clients, audio, what was held fixed).
    package var workload: String
    /// Over HTTP; nil for the engine-level chunk measurement.
    package var load: LoadResult?
    /// Audio seconds per second: the load's throughput, or the engine's for the chunk size.
    package var audioSecondsPerSecond: Double
    /// Audio seconds per CPU second, where measured.
    package var audioSecondsPerCPUSecond: Double?
    /// Idle RSS of the runtime with this value.
    package var idleRSSMB: Double?
    /// End of speech → stt p95 of simulated devices, for the streaming chunk-size rows.
    package var streamP95Seconds: Double?

    enum CodingKeys: String, CodingKey {
        case setting, value, workload, load
        case audioSecondsPerSecond = "audio_seconds_per_second"
        case audioSecondsPerCPUSecond = "audio_seconds_per_cpu_second"
        case idleRSSMB = "idle_rss_mb"
        case streamP95Seconds = "stream_p95_seconds"
    }

    package init(
        setting: String,
        value: String,
        workload: String,
        load: LoadResult?,
        audioSecondsPerSecond: Double,
        audioSecondsPerCPUSecond: Double?,
        idleRSSMB: Double?,
        streamP95Seconds: Double? = nil
    ) {
        self.setting = setting
        self.value = value
        self.workload = workload
        self.load = load
        self.audioSecondsPerSecond = audioSecondsPerSecond
        self.audioSecondsPerCPUSecond = audioSecondsPerCPUSecond
        self.idleRSSMB = idleRSSMB
        self.streamP95Seconds = streamP95Seconds
    }
}
