/// Why the service refused work. The HTTP API answers it with 503 and `Retry-After`; a device
/// stream gets it as an error message and a close (1013 Try Again Later).
package struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
    package let reason: RejectionReason
    /// What clients match on: the reason's name, or for `.unavailable` the state
    /// (`loading`, `engine_failed`, `shutting_down`).
    package let code: String
    package let retryAfterSeconds: Int
    package let message: String

    package init(reason: RejectionReason, code: String? = nil, retryAfterSeconds: Int, message: String) {
        self.reason = reason
        self.code = code ?? reason.rawValue
        self.retryAfterSeconds = retryAfterSeconds
        self.message = message
    }

    /// The engine's refusal of a job or a slot: its queue is full, the upstream is failing, or
    /// it is shutting down.
    init(_ error: SpeechEngineError) {
        switch error {
        case let .queueFull(_, _, retryAfter):
            self.init(reason: .queueFull, retryAfterSeconds: retryAfter, message: error.description)
        case let .engineUnavailable(_, retryAfter):
            self.init(reason: .engineUnavailable, retryAfterSeconds: retryAfter, message: error.description)
        default:
            self = .shuttingDown
        }
    }

    static let shuttingDown = Rejection(
        reason: .unavailable,
        code: "shutting_down",
        retryAfterSeconds: 5,
        message: "the service is shutting down"
    )

    package var description: String { message }
}
