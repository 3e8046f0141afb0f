/// How long one decoder, alone, takes for one corpus utterance (median over the passes made):
/// the engine's share of a request's latency, subtracted to get a service's overhead.
public struct UtteranceDecodeTime: Codable, Sendable, Equatable {
    public var id: String
    public var audioSeconds: Double
    public var decodeSeconds: Double
    public var text: String

    enum CodingKeys: String, CodingKey {
        case id, text
        case audioSeconds = "audio_seconds"
        case decodeSeconds = "decode_seconds"
    }

    public init(id: String, audioSeconds: Double, decodeSeconds: Double, text: String) {
        self.id = id
        self.audioSeconds = audioSeconds
        self.decodeSeconds = decodeSeconds
        self.text = text
    }
}
