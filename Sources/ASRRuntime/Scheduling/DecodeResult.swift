/// What a decoder produced for one utterance.
public struct DecodeResult: Sendable, Equatable {
    public let text: String
    public let confidence: Double
    /// Engine time, seconds.
    public let decodeSeconds: Double

    public init(text: String, confidence: Double, decodeSeconds: Double) {
        self.text = text
        self.confidence = confidence
        self.decodeSeconds = decodeSeconds
    }
}
