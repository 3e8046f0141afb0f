import Foundation

/// Where the L2 cache's connection to Redis stands.
package enum RedisConnectionState: Sendable, Hashable {
    /// The first connection attempt has not finished yet.
    case connecting
    /// A live connection serves calls.
    case connected
    /// No connection since `since`; calls return `.unavailable` at once while reconnect
    /// attempts run in the background with backoff.
    case disconnected(since: Date, lastError: String)

    /// `connecting`, `connected` or `disconnected`, as shown in `RedisCacheStatus.state`.
    package var name: String {
        switch self {
        case .connecting: "connecting"
        case .connected: "connected"
        case .disconnected: "disconnected"
        }
    }
}
