import Foundation

/// A snapshot of the L2 cache for `/health`, `/asr/stats` and logs. Codable with plain fields.
public struct RedisCacheStatus: Sendable, Hashable, Codable {
    /// `connecting`, `connected` or `disconnected`.
    public var state: String
    /// `host:port/database` (never the password).
    public var address: String
    /// When the connection entered `state`.
    public var since: Date
    /// The most recent connection failure, if any has happened.
    public var lastError: String?
    /// When `lastError` happened.
    public var lastErrorAt: Date?
    /// Failed reconnect attempts since the connection was last up.
    public var reconnectAttempts: Int
    /// Failed connects and broken commands in a row; reset by any successful call.
    public var consecutiveFailures: Int
    /// When Redis last answered a command.
    public var lastSuccess: Date?
    /// When the next reconnect attempt is due, while disconnected.
    public var nextReconnectAt: Date?
    /// Successful connections so far (the first one plus every reconnect).
    public var connects: Int
    /// Calls queued for the Redis thread or running on it right now.
    public var pendingRequests: Int
    /// `get` calls that found a value.
    public var hits: Int
    /// `get` calls Redis answered with "no such key".
    public var misses: Int
    /// `get` and `set` calls that could not reach Redis.
    public var unavailable: Int
    /// Values Redis accepted.
    public var stores: Int

    /// `state` as an enum.
    public var connectionState: RedisConnectionState {
        switch state {
        case "connected": .connected
        case "connecting": .connecting
        default: .disconnected(since: since, lastError: lastError ?? "")
        }
    }
}
