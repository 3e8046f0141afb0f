import ASRContracts

/// What the search sweep (§9) measured for one candidate, summed over the repetitions.
package struct SearchCandidateResult: Codable, Sendable, Equatable {
    package var candidate: SearchCandidate
    /// Whole-utterance decoding as the engine does it for HTTP requests.
    package var whole: SearchPathResult
    /// The Opus round trip streamed through a `StreamRecognizer` in manual mode.
    package var streamed: SearchPathResult
    /// `listen stop` → text: the stop job (the last chunk and `endUtterance`), wall seconds,
    /// one per streamed utterance and repetition.
    package var stopJobSeconds: [Double]
    /// The stop jobs' thread CPU seconds, summed.
    package var stopJobCPUSeconds: Double

    enum CodingKeys: String, CodingKey {
        case candidate, whole, streamed
        case stopJobSeconds = "stop_job_seconds"
        case stopJobCPUSeconds = "stop_job_cpu_seconds"
    }

    package init(
        candidate: SearchCandidate,
        whole: SearchPathResult,
        streamed: SearchPathResult,
        stopJobSeconds: [Double],
        stopJobCPUSeconds: Double
    ) {
        self.candidate = candidate
        self.whole = whole
        self.streamed = streamed
        self.stopJobSeconds = stopJobSeconds
        self.stopJobCPUSeconds = stopJobCPUSeconds
    }

    /// Percentiles of `listen stop` → text.
    package var stopJob: LatencyPercentiles? { LatencyPercentiles(seconds: stopJobSeconds) }

    /// Thread CPU milliseconds of the mean stop job: what `listen stop` → text costs with no
    /// one else on the core (the wall figures carry the machine's load).
    package var stopJobCPUMilliseconds: Double {
        stopJobSeconds.isEmpty ? 0 : stopJobCPUSeconds / Double(stopJobSeconds.count) * 1000
    }
}
