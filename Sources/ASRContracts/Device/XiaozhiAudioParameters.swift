/// `audio_params` of a xiaozhi `hello`, in either direction (firmware `docs/websocket.md`).
public struct XiaozhiAudioParameters: Codable, Sendable, Equatable {
    /// `opus` (the firmware's only format) or `pcm`.
    public var format: String?
    public var sampleRate: Int?
    public var channels: Int?
    /// Milliseconds of audio per packet.
    public var frameDuration: Int?

    enum CodingKeys: String, CodingKey {
        case format, channels
        case sampleRate = "sample_rate"
        case frameDuration = "frame_duration"
    }

    public init(format: String? = nil, sampleRate: Int? = nil, channels: Int? = nil, frameDuration: Int? = nil) {
        self.format = format
        self.sampleRate = sampleRate
        self.channels = channels
        self.frameDuration = frameDuration
    }
}
