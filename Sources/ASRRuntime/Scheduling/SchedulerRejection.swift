/// Why work was refused. The API answers 503 with `Retry-After: retryAfterSeconds`.
public struct SchedulerRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: RejectionReason
    public let retryAfterSeconds: Int
    public let message: String

    public init(reason: RejectionReason, retryAfterSeconds: Int, message: String) {
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

    public var description: String { message }
}
