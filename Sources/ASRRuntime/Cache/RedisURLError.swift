/// A Redis URL (`ASR_REDIS_URL`) that cannot be used. The message never repeats the password.
public struct RedisURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. `port "70000" is not in 1...65535`.
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { "invalid Redis URL: \(reason)" }
}
