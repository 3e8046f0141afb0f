/// A client → server text message of the FunASR runtime WebSocket protocol: the config that
/// starts a round (`{"mode":"offline","wav_name":…,"is_speaking":true,…}`) or the end of one
/// (`{"is_speaking":false}`). Fields asrctl does not use (`chunk_size`, `chunk_interval`,
/// `hotwords`, `itn`, …) are accepted and ignored.
public struct FunASRClientMessage: Codable, Sendable, Equatable {
    /// `offline`, `online` or `2pass`.
    public var mode: String?
    public var wavName: String?
    /// True starts (or continues) a round; false ends it: the final result follows.
    public var isSpeaking: Bool?
    /// The audio's format: only raw PCM (`pcm`, or absent) is taken.
    public var wavFormat: String?
    /// The audio's sample rate: only 16000 (or absent) is taken.
    public var audioRate: Int?
    /// SenseVoice's language option; asrctl routes by it (`auto` or absent: `ASR_LANGUAGE`).
    public var language: String?

    enum CodingKeys: String, CodingKey {
        case mode
        case wavName = "wav_name"
        case isSpeaking = "is_speaking"
        case wavFormat = "wav_format"
        case audioRate = "audio_fs"
        case language = "svs_lang"
    }

    public init(
        mode: String? = nil,
        wavName: String? = nil,
        isSpeaking: Bool? = nil,
        wavFormat: String? = nil,
        audioRate: Int? = nil,
        language: String? = nil
    ) {
        self.mode = mode
        self.wavName = wavName
        self.isSpeaking = isSpeaking
        self.wavFormat = wavFormat
        self.audioRate = audioRate
        self.language = language
    }
}
