/// A device → server text message of the xiaozhi WebSocket protocol (`hello`, `listen`,
/// `abort`, …); which fields matter depends on `type`.
public struct XiaozhiClientMessage: Codable, Sendable, Equatable {
    public var type: String
    public var version: Int?
    public var transport: String?
    public var audioParameters: XiaozhiAudioParameters?
    /// `listen`: `start`, `stop` or `detect`.
    public var state: String?
    /// `listen start`: `auto`, `manual` or `realtime`.
    public var mode: String?
    public var text: String?
    public var sessionID: String?
    /// `hello`: the language the device speaks (e.g. `zh`), which picks the stream's engine;
    /// absent: `ASR_LANGUAGE`.
    public var language: String?

    enum CodingKeys: String, CodingKey {
        case type, version, transport, state, mode, text, language
        case audioParameters = "audio_params"
        case sessionID = "session_id"
    }

    public init(
        type: String,
        version: Int? = nil,
        transport: String? = nil,
        audioParameters: XiaozhiAudioParameters? = nil,
        state: String? = nil,
        mode: String? = nil,
        text: String? = nil,
        sessionID: String? = nil,
        language: String? = nil
    ) {
        self.language = language
        self.type = type
        self.version = version
        self.transport = transport
        self.audioParameters = audioParameters
        self.state = state
        self.mode = mode
        self.text = text
        self.sessionID = sessionID
    }
}
