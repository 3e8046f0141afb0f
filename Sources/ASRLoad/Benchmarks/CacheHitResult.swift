/// Section 3: what a cache hit costs over HTTP, L1 (in process) and L2 (Redis).
package struct CacheHitResult: Codable, Sendable, Equatable {
    /// Sequential hits from one keep-alive connection, one utterance (goforward, 2.8 s).
    package var l1: LatencyPercentiles?
    package var l2: LatencyPercentiles?
    /// `GET /health` on the same connection: the HTTP round trip with no work behind it.
    package var healthRoundTrip: LatencyPercentiles?
    /// Answers that were not the expected level (should be 0).
    package var l1Misses: Int
    package var l2Misses: Int
    /// The same audio decoded (the first request), for scale.
    package var decodeLatencyMs: Double?
    /// What sent the requests.
    package var client: String

    enum CodingKeys: String, CodingKey {
        case l1, l2, client
        case healthRoundTrip = "health_round_trip"
        case l1Misses = "l1_misses"
        case l2Misses = "l2_misses"
        case decodeLatencyMs = "decode_latency_ms"
    }

    package init(
        l1: LatencyPercentiles?,
        l2: LatencyPercentiles?,
        healthRoundTrip: LatencyPercentiles?,
        l1Misses: Int,
        l2Misses: Int,
        decodeLatencyMs: Double?,
        client: String
    ) {
        self.l1 = l1
        self.l2 = l2
        self.healthRoundTrip = healthRoundTrip
        self.l1Misses = l1Misses
        self.l2Misses = l2Misses
        self.decodeLatencyMs = decodeLatencyMs
        self.client = client
    }
}
