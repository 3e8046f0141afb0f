import ASRContracts

/// Settings of the L2 Redis cache, normally derived from the runtime's settings.
package struct RedisCacheConfiguration: Sendable, Hashable {
    /// Server to use (`ASR_REDIS_URL`).
    package var endpoint: RedisEndpoint
    /// Every key is stored as `<keyPrefix>:<key>` (`ASR_REDIS_KEY_PREFIX`); an empty prefix stores `<key>`.
    package var keyPrefix: String
    /// Lifetime of stored values (`ASR_CACHE_TTL`); zero or less means nothing is written to Redis.
    package var ttl: Duration
    /// Bound on every Redis call (`ASR_NETWORK_TIMEOUT`): the connect timeout, the socket timeout
    /// of each command, and the longest a caller waits for a reply.
    package var timeout: Duration
    /// Delays between reconnect attempts while Redis is unreachable.
    package var backoff: RedisBackoff
    /// When the connection has been idle this long, a `PING` checks it, so the status notices a
    /// dead server without traffic; `nil` disables the check.
    package var healthCheckInterval: Duration?
    /// Most calls queued for the Redis thread; beyond that calls return `.unavailable` at once.
    package var maxPendingRequests: Int

    package init(
        endpoint: RedisEndpoint,
        keyPrefix: String = "asr_4c8g",
        ttl: Duration = .seconds(900),
        timeout: Duration = .seconds(30),
        backoff: RedisBackoff = .standard,
        healthCheckInterval: Duration? = .seconds(5),
        maxPendingRequests: Int = 256
    ) {
        self.endpoint = endpoint
        self.keyPrefix = keyPrefix
        self.ttl = ttl
        self.timeout = timeout
        self.backoff = backoff
        self.healthCheckInterval = healthCheckInterval
        self.maxPendingRequests = maxPendingRequests
    }

    /// The cache settings of a runtime configuration: `ASR_REDIS_URL`, `ASR_REDIS_KEY_PREFIX`,
    /// `ASR_CACHE_TTL` and `ASR_NETWORK_TIMEOUT`. `nil` when `ASR_REDIS_URL` is empty (L2 off).
    /// - Throws: `RedisURLError` when the URL cannot be used.
    package init?(runtime: RuntimeConfiguration) throws(RedisURLError) {
        let url = runtime.redisURL.trimmingCharacters(in: .whitespaces)
        guard !url.isEmpty else { return nil }
        self.init(
            endpoint: try RedisEndpoint(url: url),
            keyPrefix: runtime.redisKeyPrefix,
            ttl: .seconds(runtime.cacheTTL),
            timeout: .seconds(runtime.networkTimeout)
        )
    }
}
