/// Section 3: what a cache hit costs over HTTP, L1 (in process) and L2 (Redis).
public struct CacheHitResult: Codable, Sendable, Equatable {
    /// Sequential hits from one keep-alive connection, one utterance (goforward, 2.8 s).
    public var l1: LatencyPercentiles?
    public var l2: LatencyPercentiles?
    /// `GET /health` on the same connection: the HTTP round trip with no work behind it.
    public var healthRoundTrip: LatencyPercentiles?
    /// Answers that were not the expected level (should be 0).
    public var l1Misses: Int
    public var l2Misses: Int
    /// The same audio decoded (the first request), for scale.
    public var decodeLatencyMs: Double?
    /// What sent the requests.
    public var client: String

    enum CodingKeys: String, CodingKey {
        case l1, l2, client
        case healthRoundTrip = "health_round_trip"
        case l1Misses = "l1_misses"
        case l2Misses = "l2_misses"
        case decodeLatencyMs = "decode_latency_ms"
    }

    public init(
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
