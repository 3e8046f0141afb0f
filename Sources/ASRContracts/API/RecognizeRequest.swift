/// `POST /asr/recognize` JSON body, as the deployment guide's clients send it.
public struct RecognizeRequest: Codable, Sendable {
    public var sessionID: String?
    /// Base64 of 16 kHz mono signed 16-bit little-endian PCM.
    public var audioData: String
    public var sampleRate: Int?
    public var language: String?
    /// 1 high, 2 medium (default), 3 low.
    public var priority: Int?
    public var timestamp: Double?

    public init(
        sessionID: String? = nil,
        audioData: String,
        sampleRate: Int? = 16000,
        language: String? = nil,
        priority: Int? = nil,
        timestamp: Double? = nil
    ) {
        self.sessionID = sessionID
        self.audioData = audioData
        self.sampleRate = sampleRate
        self.language = language
        self.priority = priority
        self.timestamp = timestamp
    }

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id"
        case audioData = "audio_data"
        case sampleRate = "sample_rate"
        case language, priority, timestamp
    }
}
