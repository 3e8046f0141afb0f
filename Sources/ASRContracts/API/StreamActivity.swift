/// What the device streams did, in `/asr/stats` → `streams.activity`.
public struct StreamActivity: Sendable, Codable, Equatable {
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

    package init(
        opened: Int = 0,
        open: Int = 0,
        refused: Int = 0,
        unauthorized: Int = 0,
        timedOut: Int = 0,
        refusedUtterances: Int = 0,
        utterances: Int = 0,
        opusPackets: Int = 0,
        badPackets: Int = 0,
        protocolErrors: Int = 0,
        audioSeconds: Double = 0.0,
        processCalls: Int = 0,
        probeProcessCalls: Int = 0,
        jobs: Int = 0,
        jobSeconds: Double = 0.0,
        jobRetries: Int = 0,
        latencyP50: Double = 0.0,
        latencyP95: Double = 0.0,
        latencyP99: Double = 0.0,
        lastUtterance: StreamUtterance? = nil
    ) {
        self.opened = opened
        self.open = open
        self.refused = refused
        self.unauthorized = unauthorized
        self.timedOut = timedOut
        self.refusedUtterances = refusedUtterances
        self.utterances = utterances
        self.opusPackets = opusPackets
        self.badPackets = badPackets
        self.protocolErrors = protocolErrors
        self.audioSeconds = audioSeconds
        self.processCalls = processCalls
        self.probeProcessCalls = probeProcessCalls
        self.jobs = jobs
        self.jobSeconds = jobSeconds
        self.jobRetries = jobRetries
        self.latencyP50 = latencyP50
        self.latencyP95 = latencyP95
        self.latencyP99 = latencyP99
        self.lastUtterance = lastUtterance
    }

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
