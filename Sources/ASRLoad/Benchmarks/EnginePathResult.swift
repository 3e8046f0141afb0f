/// §8: the corpus sent one way to one engine — decoded in this process, sent straight to an
/// upstream, or sent through asrctl in front of it — and what that cost.
package struct EnginePathResult: Codable, Sendable, Equatable {
    /// The way the audio went.
    package enum Route: String, Codable, Sendable {
        /// A bare PocketSphinx decoder in the benchmark's own process.
        case inProcess = "in_process"
        /// `POST /v1/audio/transcriptions` to the upstream, the form asrctl itself sends.
        case direct
        /// `POST /asr/recognize` (the guide's JSON) to an asrctl whose engine is that upstream.
        case throughAsrctl = "through_asrctl"
    }

    /// What answered, e.g. `asrctl serve (PocketSphinx en-us)`.
    package var engine: String
    package var route: Route
    /// Requests answered with a text (each utterance once per pass).
    package var requests: Int
    /// Requests that got no text (an HTTP error or a transport failure).
    package var failed: Int
    /// Audio seconds of the answered requests.
    package var audioSeconds: Double
    /// Word error rate of the answers against the transcripts (digits spelled out), and over how many words.
    package var wordErrorRate: Double?
    package var referenceWords: Int
    /// Send → whole answer read (in process: the decode).
    package var latency: LatencyPercentiles?
    /// CPU seconds of the engine's process per audio second (in process: the decoding thread's).
    package var engineCPUPerAudioSecond: Double?
    /// CPU seconds of the asrctl in front per audio second (through asrctl only).
    package var frontCPUPerAudioSecond: Double?
    /// Peak RSS of the engine's process (in process: what loading one decoder added to this one).
    package var engineRSSMB: Double?
    /// Peak RSS of the asrctl in front (through asrctl only).
    package var frontRSSMB: Double?
    /// The text of each utterance from the first pass, in corpus order.
    package var texts: [String]

    enum CodingKeys: String, CodingKey {
        case engine, route, requests, failed, latency, texts
        case audioSeconds = "audio_seconds"
        case wordErrorRate = "word_error_rate"
        case referenceWords = "reference_words"
        case engineCPUPerAudioSecond = "engine_cpu_per_audio_second"
        case frontCPUPerAudioSecond = "front_cpu_per_audio_second"
        case engineRSSMB = "engine_rss_mb"
        case frontRSSMB = "front_rss_mb"
    }

    package init(
        engine: String,
        route: Route,
        requests: Int,
        failed: Int,
        audioSeconds: Double,
        wordErrorRate: Double?,
        referenceWords: Int,
        latency: LatencyPercentiles?,
        engineCPUPerAudioSecond: Double?,
        frontCPUPerAudioSecond: Double? = nil,
        engineRSSMB: Double?,
        frontRSSMB: Double? = nil,
        texts: [String] = []
    ) {
        self.engine = engine
        self.route = route
        self.requests = requests
        self.failed = failed
        self.audioSeconds = audioSeconds
        self.wordErrorRate = wordErrorRate
        self.referenceWords = referenceWords
        self.latency = latency
        self.engineCPUPerAudioSecond = engineCPUPerAudioSecond
        self.frontCPUPerAudioSecond = frontCPUPerAudioSecond
        self.engineRSSMB = engineRSSMB
        self.frontRSSMB = frontRSSMB
        self.texts = texts
    }
}
