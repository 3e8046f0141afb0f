import Foundation

/// A snapshot of the L2 cache for `/health`, `/asr/stats` and logs. Codable with plain fields.
package struct RedisCacheStatus: Sendable, Hashable, Codable {
    /// `connecting`, `connected` or `disconnected`.
    package var state: String
    /// `host:port/database` (never the password).
    package var address: String
    /// When the connection entered `state`.
    package var since: Date
    /// The most recent connection failure, if any has happened.
    package var lastError: String?
    /// When `lastError` happened.
    package var lastErrorAt: Date?
    /// Failed reconnect attempts since the connection was last up.
    package var reconnectAttempts: Int
    /// Failed connects and broken commands in a row; reset by any successful call.
    package var consecutiveFailures: Int
    /// When Redis last answered a command.
    package var lastSuccess: Date?
    /// When the next reconnect attempt is due, while disconnected.
    package var nextReconnectAt: Date?
    /// Successful connections so far (the first one plus every reconnect).
    package var connects: Int
    /// Calls queued for the Redis thread or running on it right now.
    package var pendingRequests: Int
    /// `get` calls that found a value.
    package var hits: Int
    /// `get` calls Redis answered with "no such key".
    package var misses: Int
    /// `get` and `set` calls that could not reach Redis.
    package var unavailable: Int
    /// Values Redis accepted.
    package var stores: Int

    /// `state` as an enum.
    package var connectionState: RedisConnectionState {
        switch state {
        case "connected": .connected
        case "connecting": .connecting
        default: .disconnected(since: since, lastError: lastError ?? "")
        }
    }
}
