import ASRContracts
import Foundation

/// The L2 cache in Redis: transcriptions as JSON under `<ASR_REDIS_KEY_PREFIX>:<sha256>` with
/// `ASR_CACHE_TTL`. Lookups fail fast while Redis is down (the client reconnects by itself).
package struct RedisResultStore: SecondLevelCache {
    package let redis: RedisCache

    package init(redis: RedisCache) {
        self.redis = redis
    }

    package func fetch(_ key: CacheKey) async -> CachedTranscription? {
        guard case .hit(let data) = await redis.get(key.digest) else { return nil }
        return try? JSONDecoder().decode(CachedTranscription.self, from: data)
    }

    package func store(_ value: CachedTranscription, for key: CacheKey) async {
        guard let data = try? JSONEncoder().encode(value) else { return }
        await redis.set(key.digest, data)
    }

    package func status() async -> RedisStatusReport {
        let status = redis.status
        return RedisStatusReport(
            state: status.state,
            address: status.address,
            lastError: status.lastError,
            reconnectAttempts: status.reconnectAttempts
        )
    }
}
