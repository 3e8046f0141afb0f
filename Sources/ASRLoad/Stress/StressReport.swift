import Foundation

/// The outcome of `asrctl test stress`: what the simulated devices saw, what the runtime
/// reported, and the verdict against the guide's targets. Encodes as the `--json` report.
public struct StressReport: Codable, Sendable {
    /// The guide's targets: end-of-speech → text p95, and the service's memory.
    public enum Target {
        public static let latencySeconds = RuntimeSmokeTest.Target.singleRequestSeconds
        public static let memoryMB = RuntimeSmokeTest.Target.memoryMB
    }

    public struct Sessions: Codable, Sendable {
        /// Devices whose hello was answered.
        public var connected: Int
        /// Devices turned away, by the server's code (or the connection error).
        public var refused: Int
        public var refusals: [String: Int]
    }

    public struct Utterances: Codable, Sendable {
        public var started: Int
        public var answered: Int
        public var failed: Int
        /// Why utterances failed: the server's error code, no answer in time, connection lost.
        public var failures: [String: Int]
        /// Answered utterances per second of the run.
        public var perSecond: Double

        enum CodingKeys: String, CodingKey {
            case started, answered, failed, failures
            case perSecond = "per_second"
        }
    }

    public struct Accuracy: Codable, Sendable {
        /// 1 − word error rate of the answered utterances against their transcripts (≥ 0).
        public var wordAccuracy: Double
        public var wordErrorRate: Double
        public var referenceWords: Int

        enum CodingKeys: String, CodingKey {
            case wordAccuracy = "word_accuracy"
            case wordErrorRate = "word_error_rate"
            case referenceWords = "reference_words"
        }
    }

    public struct Load: Codable, Sendable {
        /// Seconds of speech the devices streamed.
        public var speechSeconds: Double
        /// Speech streamed per second of the run: the decoding load offered.
        public var audioSecondsPerSecond: Double
        /// Share of a connected device's time spent speaking.
        public var dutyCycle: Double

        enum CodingKeys: String, CodingKey {
            case speechSeconds = "speech_seconds"
            case audioSecondsPerSecond = "audio_seconds_per_second"
            case dutyCycle = "duty_cycle"
        }
    }

    public struct Runtime: Codable, Sendable {
        /// Highest service RSS seen during the run (sampled each second from /asr/stats).
        public var rssPeakMB: Double?
        public var rssEndMB: Double?
        public var memoryCapMB: Int?
        /// The runtime's cache hit rate (its /asr/stats figure, over all its requests).
        public var cacheHitRate: Double?
        /// Stream decoders the runtime created, and the most in use at a sample.
        public var streamDecodersCreated: Int?
        public var streamDecodersPeakInUse: Int?
        /// Listening periods decoded whole when they ended, because every stream decoder was in
        /// use and another was loading (a burst).
        public var listeningDecodedWhole: Int?

        enum CodingKeys: String, CodingKey {
            case rssPeakMB = "rss_peak_mb"
            case rssEndMB = "rss_end_mb"
            case memoryCapMB = "memory_cap_mb"
            case cacheHitRate = "cache_hit_rate"
            case streamDecodersCreated = "stream_decoders_created"
            case streamDecodersPeakInUse = "stream_decoders_peak_in_use"
            case listeningDecodedWhole = "listening_decoded_whole"
        }
    }

    public struct Verdict: Codable, Sendable {
        public enum Mark: String, Codable, Sendable {
            case met, missed
            case noData = "no data"
        }

        public var latencyTargetSeconds: Double
        public var latency: Mark
        public var memoryTargetMB: Double
        public var memory: Mark
        /// Every device admitted and every utterance answered.
        public var allAnswered: Bool
        public var passed: Bool

        enum CodingKeys: String, CodingKey {
            case latency, memory, passed
            case latencyTargetSeconds = "latency_target_seconds"
            case memoryTargetMB = "memory_target_mb"
            case allAnswered = "all_answered"
        }
    }

    public var url: String
    public var mode: StressOptions.Mode
    public var devices: Int
    public var durationSeconds: Double
    public var thinkSeconds: Double
    /// Every device said the same utterance once, all starting together (`--burst`).
    public var burst: Bool
    public var elapsedSeconds: Double
    public var sessions: Sessions
    public var utterances: Utterances
    /// End of speech (the last frame sent; in manual mode the `listen stop`) → `stt` arrived.
    package var latencySeconds: LatencySummary?
    public var accuracy: Accuracy
    public var load: Load
    public var runtime: Runtime
    public var verdict: Verdict

    enum CodingKeys: String, CodingKey {
        case url, mode, devices, burst, sessions, utterances, accuracy, load, runtime, verdict
        case durationSeconds = "duration_seconds"
        case thinkSeconds = "think_seconds"
        case elapsedSeconds = "elapsed_seconds"
        case latencySeconds = "latency_seconds"
    }

    /// The report for people: one block of figures, then the verdict.
    public var text: String {
        let shape = burst ? "a burst of one utterance each" : "\(Int(durationSeconds)) s, think \(thinkSeconds) s"
        var lines = ["asrctl test stress — \(devices) devices, \(mode.rawValue) mode, \(shape) — \(url)"]
        lines.append(
            "sessions     \(sessions.connected) connected, \(sessions.refused) refused"
                + (sessions.refusals.isEmpty ? "" : " (" + Self.list(sessions.refusals) + ")")
        )
        lines.append(
            String(
                format: "utterances   %d started, %d answered, %d failed, %.2f answered/s",
                utterances.started,
                utterances.answered,
                utterances.failed,
                utterances.perSecond
            )
                + (utterances.failures.isEmpty ? "" : " (" + Self.list(utterances.failures) + ")")
        )
        if let latency = latencySeconds {
            lines.append(
                String(
                    format: "latency      p50 %.3f s · p95 %.3f s · p99 %.3f s · max %.3f s (end of speech → stt)",
                    latency.p50,
                    latency.p95,
                    latency.p99,
                    latency.max
                )
            )
        } else {
            lines.append("latency      no answers")
        }
        lines.append(
            String(
                format: "accuracy     %.1f %% of %d words (word error rate %.1f %%)",
                accuracy.wordAccuracy * 100,
                accuracy.referenceWords,
                accuracy.wordErrorRate * 100
            )
        )
        lines.append(
            String(
                format: "load         %.1f s of speech, %.2f audio-s/s, duty cycle %.0f %%",
                load.speechSeconds,
                load.audioSecondsPerSecond,
                load.dutyCycle * 100
            )
        )
        var memory = "runtime      "
        if let peak = runtime.rssPeakMB { memory += String(format: "RSS peak %.0f MB", peak) } else { memory += "RSS unknown" }
        if let cap = runtime.memoryCapMB { memory += " (cap \(cap) MB)" }
        if let created = runtime.streamDecodersCreated { memory += ", \(created) stream decoders created" }
        if let peak = runtime.streamDecodersPeakInUse { memory += ", at most \(peak) in use" }
        if let whole = runtime.listeningDecodedWhole, whole > 0 { memory += ", \(whole) listening periods decoded whole" }
        if let rate = runtime.cacheHitRate { memory += String(format: ", cache hit rate %.0f %%", rate * 100) }
        lines.append(memory)
        lines.append("")
        lines.append(String(format: "%@  latency p95 ≤ %.2f s", Self.mark(verdict.latency), verdict.latencyTargetSeconds))
        lines.append(String(format: "%@  service memory < %.0f MB", Self.mark(verdict.memory), verdict.memoryTargetMB))
        lines.append((verdict.allAnswered ? "PASS" : "FAIL") + "  every device admitted and every utterance answered")
        lines.append(verdict.passed ? "verdict: PASSED" : "verdict: FAILED")
        return lines.joined(separator: "\n")
    }

    private static func mark(_ mark: Verdict.Mark) -> String {
        switch mark {
        case .met: "MET "
        case .missed: "MISS"
        case .noData: "----"
        }
    }

    private static func list(_ counts: [String: Int]) -> String {
        counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    }
}
