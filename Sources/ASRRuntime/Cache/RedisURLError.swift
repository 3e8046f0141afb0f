/// A Redis URL (`ASR_REDIS_URL`) that cannot be used. The message never repeats the password.
package struct RedisURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. `port "70000" is not in 1...65535`.
    package let reason: String

    package init(_ reason: String) {
        self.reason = reason
    }

    package var description: String { "invalid Redis URL: \(reason)" }
}
