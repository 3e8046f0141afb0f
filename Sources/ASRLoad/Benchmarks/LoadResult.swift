/// What one closed-loop load level measured against one service.
package struct LoadResult: Codable, Sendable, Equatable {
    /// Concurrent clients (each sends its next request as soon as the previous one is answered).
    package var clients: Int
    /// The measured window, in seconds.
    package var seconds: Double
    /// Answers 200 completed inside the window.
    package var completed: Int
    /// 503 answers (queue full, memory critical) during the run.
    package var rejected: Int
    /// Other statuses and transport errors.
    package var failed: Int
    /// Requests answered 200 per second of the window (pro-rated: see `ClosedLoopLoad`).
    package var requestsPerSecond: Double
    /// Audio seconds of the 200 answers per second of the window (× real time, pro-rated).
    package var audioSecondsPerSecond: Double
    /// Latency of accepted (200) requests, send → whole answer read.
    package var latency: LatencyPercentiles?
    /// Latency of the 503 answers.
    package var rejectedLatency: LatencyPercentiles?
    /// Latency minus the engine's own decode time for that audio (section 1), accepted requests.
    package var overhead: LatencyPercentiles?
    /// CPU seconds the service used per audio second answered, when its pid was known.
    package var cpuSecondsPerAudioSecond: Double?
    /// Highest RSS of the service during the level.
    package var rssPeakMB: Double?
    /// 200 answers inside the window (of `completed`) that said `"cached":true`.
    package var cacheHits: Int
    /// The host's 1-minute load average at the end of the level: how much else was running.
    package var loadAverage: Double?

    enum CodingKeys: String, CodingKey {
        case clients, seconds, completed, rejected, failed, latency, overhead
        case requestsPerSecond = "requests_per_second"
        case audioSecondsPerSecond = "audio_seconds_per_second"
        case rejectedLatency = "rejected_latency"
        case cpuSecondsPerAudioSecond = "cpu_seconds_per_audio_second"
        case rssPeakMB = "rss_peak_mb"
        case cacheHits = "cache_hits"
        case loadAverage = "load_average"
    }

    package init(
        clients: Int,
        seconds: Double,
        completed: Int,
        rejected: Int,
        failed: Int,
        requestsPerSecond: Double,
        audioSecondsPerSecond: Double,
        latency: LatencyPercentiles?,
        rejectedLatency: LatencyPercentiles?,
        overhead: LatencyPercentiles?,
        cpuSecondsPerAudioSecond: Double?,
        rssPeakMB: Double?,
        cacheHits: Int,
        loadAverage: Double? = nil
    ) {
        self.clients = clients
        self.seconds = seconds
        self.completed = completed
        self.rejected = rejected
        self.failed = failed
        self.requestsPerSecond = requestsPerSecond
        self.audioSecondsPerSecond = audioSecondsPerSecond
        self.latency = latency
        self.rejectedLatency = rejectedLatency
        self.overhead = overhead
        self.cpuSecondsPerAudioSecond = cpuSecondsPerAudioSecond
        self.rssPeakMB = rssPeakMB
        self.cacheHits = cacheHits
        self.loadAverage = loadAverage
    }
}
