/// Why the scheduler refused work. The API answers 503 with `Retry-After: retryAfterSeconds`.
public struct SchedulerRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: RejectionReason
    public let retryAfterSeconds: Int
    public let message: String

    public var description: String { message }
}
