import ASRContracts

/// The L2 result cache shared across runtime restarts and replicas (Redis in production).
/// Implementations fail fast: when the store is down, `fetch` returns `nil` at once and
/// `store` drops the value, so a request never fails or waits because of L2.
package protocol SecondLevelCache: Sendable {
    func fetch(_ key: CacheKey) async -> CachedTranscription?
    func store(_ value: CachedTranscription, for key: CacheKey) async
    /// Connection state for /health and /asr/stats.
    func status() async -> RedisStatusReport
}
