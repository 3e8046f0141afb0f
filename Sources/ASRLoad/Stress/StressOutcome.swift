/// What became of one simulated utterance.
package enum StressOutcome: Sendable, Equatable {
    /// `stt` arrived: the text, and seconds from the end of speech to its arrival.
    case answered(reference: String, text: String, latency: Double)
    /// The device was not admitted (or its connection failed before the session began).
    case refused(code: String)
    /// An error message instead of the text, no answer within the timeout, or the connection lost.
    case failed(reason: String)
}
