import Synchronization

/// Counters of the device streams, for /asr/stats (`streams`) and the tests that show the
/// streaming knobs at work.
public final class StreamStatistics: Sendable {
    public struct Snapshot: Sendable, Codable, Equatable {
        /// Streams admitted so far, and open now.
        public var opened = 0
        public var open = 0
        /// Streams refused at connection (ASR_MAX_CONCURRENT, memory, not ready).
        public var refused = 0
        /// Streams turned away by ASR_AUTH_TOKENS / ASR_ALLOWED_DEVICES.
        public var unauthorized = 0
        /// Streams closed for stalling (ASR_NETWORK_TIMEOUT).
        public var timedOut = 0
        /// Listening periods refused because no decoder was free and memory was critical (the
        /// device got a `memory_critical` error and its audio was dropped).
        public var refusedUtterances = 0
        public var utterances = 0
        /// Opus packets decoded, and refused as malformed.
        public var opusPackets = 0
        public var badPackets = 0
        /// Text messages answered with an error (malformed JSON, unknown type, bad state).
        public var protocolErrors = 0
        /// Seconds of audio received while listening.
        public var audioSeconds = 0.0
        /// `process` calls on utterances, and on the auto-mode probe that waits for speech.
        public var processCalls = 0
        public var probeProcessCalls = 0
        /// Decoder jobs the streams ran through the scheduler, their total decoder time, and
        /// the times a job found the queue full and was retried.
        public var jobs = 0
        public var jobSeconds = 0.0
        public var jobRetries = 0
        /// End of utterance (the `listen stop`, or the audio that completed the trailing
        /// silence) → `stt` sent, seconds: p50/p95/p99 of recent utterances.
        public var latencyP50 = 0.0
        public var latencyP95 = 0.0
        public var latencyP99 = 0.0
        /// The most recent utterance with its figures (process calls, pre-roll bytes, …).
        public var lastUtterance: StreamUtterance?

        enum CodingKeys: String, CodingKey {
            case opened, open, refused, unauthorized, utterances, jobs
            case timedOut = "timed_out"
            case refusedUtterances = "refused_utterances"
            case opusPackets = "opus_packets"
            case badPackets = "bad_packets"
            case protocolErrors = "protocol_errors"
            case audioSeconds = "audio_seconds"
            case processCalls = "process_calls"
            case probeProcessCalls = "probe_process_calls"
            case jobSeconds = "job_seconds"
            case jobRetries = "job_retries"
            case latencyP50 = "latency_p50"
            case latencyP95 = "latency_p95"
            case latencyP99 = "latency_p99"
            case lastUtterance = "last_utterance"
        }
    }

    private struct State {
        var snapshot = Snapshot()
        var latencies = LatencyWindow(capacity: 1024)
    }

    private let state = Mutex(State())

    public init() {}

    func update(_ body: (inout Snapshot) -> Void) {
        state.withLock { body(&$0.snapshot) }
    }

    func record(job report: StreamRecognizer.Report, seconds: Double) {
        state.withLock {
            $0.snapshot.jobs += 1
            $0.snapshot.jobSeconds += seconds
            $0.snapshot.processCalls += report.processCalls - report.probeProcessCalls
            $0.snapshot.probeProcessCalls += report.probeProcessCalls
        }
    }

    func record(_ utterance: StreamUtterance, latency: Double) {
        state.withLock {
            $0.snapshot.utterances += 1
            $0.snapshot.lastUtterance = utterance
            $0.latencies.record(latency)
        }
    }

    public var snapshot: Snapshot {
        state.withLock { state in
            var snapshot = state.snapshot
            let p = state.latencies.percentiles([0.5, 0.95, 0.99])
            (snapshot.latencyP50, snapshot.latencyP95, snapshot.latencyP99) = (p[0], p[1], p[2])
            return snapshot
        }
    }
}
