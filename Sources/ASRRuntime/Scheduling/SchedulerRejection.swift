/// Why work was refused. The API answers 503 with `Retry-After: retryAfterSeconds`.
package struct SchedulerRejection: Error, Sendable, Equatable, CustomStringConvertible {
    package let reason: RejectionReason
    package let retryAfterSeconds: Int
    package let message: String

    package init(reason: RejectionReason, retryAfterSeconds: Int, message: String) {
        self.reason = reason
        self.retryAfterSeconds = retryAfterSeconds
        self.message = message
    }

    /// From the engine queue's refusal.
    init(queueFull error: SpeechEngineError) {
        if case let .queueFull(_, _, retryAfter) = error {
            self.init(reason: .queueFull, retryAfterSeconds: retryAfter, message: error.description)
        } else {
            self.init(reason: .unavailable, retryAfterSeconds: 5, message: error.description)
        }
    }

    static let shuttingDown = SchedulerRejection(reason: .unavailable, retryAfterSeconds: 5, message: "the service is shutting down")

    package var description: String { message }
}
