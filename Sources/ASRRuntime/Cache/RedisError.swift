/// Why a Redis call produced no reply. Internal: callers of `RedisCache` see
/// `RedisLookup.unavailable` / `false`, and operators see the text in `RedisCacheStatus.lastError`.
enum RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No live connection; the call was refused without touching the network.
    case notConnected
    /// Too many calls already queued for the Redis thread.
    case overloaded
    /// The caller's wait exceeded the network timeout.
    case timedOut
    /// The calling task was cancelled.
    case cancelled
    /// The cache was shut down.
    case shutDown
    /// The command could not be sent (e.g. no arguments); the connection is unaffected.
    case invalidCommand(String)
    /// Connecting, authenticating or talking to the server failed; the connection is dead.
    case connection(String)

    var description: String {
        switch self {
        case .notConnected: "not connected"
        case .overloaded: "too many pending Redis calls"
        case .timedOut: "timed out waiting for Redis"
        case .cancelled: "cancelled"
        case .shutDown: "shut down"
        case .invalidCommand(let why): "invalid command: \(why)"
        case .connection(let why): why
        }
    }
}
