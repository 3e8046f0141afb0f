import Foundation

/// The outcome of reading one key from the L2 cache.
package enum RedisLookup: Sendable, Hashable {
    /// The stored value, exactly as it was written.
    case hit(Data)
    /// Redis answered and the key does not exist (never written, or expired).
    case miss
    /// Redis could not be asked (down, reconnecting, timed out, error reply): fall back to the engine.
    case unavailable
}
