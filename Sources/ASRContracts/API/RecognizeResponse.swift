/// `POST /asr/recognize` answer, field for field the guide's contract, plus the cache level.
public struct RecognizeResponse: Codable, Sendable, Equatable {
    public var success: Bool
    public var text: String
    public var confidence: Double
    /// Seconds from receiving the request to answering it.
    public var processingTime: Double
    public var cached: Bool
    /// Bytes of PCM recognised.
    public var audioSize: Int
    public var sessionID: String?
    /// `l1`, `l2` or `null` (decoded, or shared with an identical request in flight).
    public var cacheLevel: String?
    /// The engine that produced the text (its cache-key id, e.g. `pocketsphinx-en-us`).
    public var engine: String?
    /// The language the request named, which chose the engine.
    public var language: String?

    package init(
        success: Bool,
        text: String,
        confidence: Double,
        processingTime: Double,
        cached: Bool,
        audioSize: Int,
        sessionID: String? = nil,
        cacheLevel: String? = nil,
        engine: String? = nil,
        language: String? = nil
    ) {
        self.success = success
        self.text = text
        self.confidence = confidence
        self.processingTime = processingTime
        self.cached = cached
        self.audioSize = audioSize
        self.sessionID = sessionID
        self.cacheLevel = cacheLevel
        self.engine = engine
        self.language = language
    }

    enum CodingKeys: String, CodingKey {
        case success, text, confidence, cached, engine, language
        case processingTime = "processing_time"
        case audioSize = "audio_size"
        case sessionID = "session_id"
        case cacheLevel = "cache_level"
    }
}
