/// How long one decoder, alone, takes for one corpus utterance (median over the passes made):
/// the engine's share of a request's latency, subtracted to get a service's overhead.
package struct UtteranceDecodeTime: Codable, Sendable, Equatable {
    package var id: String
    package var audioSeconds: Double
    package var decodeSeconds: Double
    package var text: String
    /// What was said (the corpus transcript), to score `text`.
    package var reference: String

    enum CodingKeys: String, CodingKey {
        case id, text, reference
        case audioSeconds = "audio_seconds"
        case decodeSeconds = "decode_seconds"
    }

    package init(id: String, audioSeconds: Double, decodeSeconds: Double, text: String, reference: String) {
        self.id = id
        self.audioSeconds = audioSeconds
        self.decodeSeconds = decodeSeconds
        self.text = text
        self.reference = reference
    }
}
