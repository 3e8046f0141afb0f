/// The answer to one recognition request.
package struct RecognitionOutcome: Sendable, Equatable {
    /// Where the text came from.
    package enum Origin: String, Sendable {
        case decoded
        /// Shared with an identical request that was already waiting or decoding.
        case sharedDecode = "shared"
        case l1
        case l2
    }

    package let text: String
    package let confidence: Double
    package let origin: Origin
    /// Seconds from admission to answer.
    package let latency: Double
    /// The id of the engine that produced the text (or whose cached text it is).
    package let engine: String
    /// The language the request named, which chose the engine.
    package let language: String

    package var cached: Bool { origin == .l1 || origin == .l2 }
}
