/// The answer to one recognition request.
public struct RecognitionOutcome: Sendable, Equatable {
    /// Where the text came from.
    public enum Origin: String, Sendable {
        case decoded
        /// Shared with an identical request that was already waiting or decoding.
        case sharedDecode = "shared"
        case l1
        case l2
    }

    public let text: String
    public let confidence: Double
    public let origin: Origin
    /// Seconds from admission to answer.
    public let latency: Double

    public var cached: Bool { origin == .l1 || origin == .l2 }
}
