/// The top-level fields of `GET /asr/stats` that the deployment guide's clients read: each is
/// also in a nested section (`processor`, `service`, `queues`, `memory`).
public struct StatsSummary: Codable, Sendable, Equatable {
    public var totalRequests: Int
    /// L1 and L2 hits.
    public var cacheHits: Int
    /// 0...1
    public var cacheHitRate: Double
    /// L1 entries.
    public var cacheSize: Int
    /// `ASR_BATCH_SIZE`.
    public var batchSize: Int
    /// `ASR_MAX_CONCURRENT`.
    public var maxConcurrent: Int
    /// Recognitions open now: HTTP requests and device streams holding a slot.
    public var activeConnections: Int
    /// Utterances waiting for a decoder, all priorities.
    public var queueLength: Int
    /// The service's resident memory, MB.
    public var memoryUsageMB: Double

    enum CodingKeys: String, CodingKey {
        case totalRequests = "total_requests"
        case cacheHits = "cache_hits"
        case cacheHitRate = "cache_hit_rate"
        case cacheSize = "cache_size"
        case batchSize = "batch_size"
        case maxConcurrent = "max_concurrent"
        case activeConnections = "active_connections"
        case queueLength = "queue_length"
        case memoryUsageMB = "memory_usage_mb"
    }

    public init(
        totalRequests: Int,
        cacheHits: Int,
        cacheHitRate: Double,
        cacheSize: Int,
        batchSize: Int,
        maxConcurrent: Int,
        activeConnections: Int,
        queueLength: Int,
        memoryUsageMB: Double
    ) {
        self.totalRequests = totalRequests
        self.cacheHits = cacheHits
        self.cacheHitRate = cacheHitRate
        self.cacheSize = cacheSize
        self.batchSize = batchSize
        self.maxConcurrent = maxConcurrent
        self.activeConnections = activeConnections
        self.queueLength = queueLength
        self.memoryUsageMB = memoryUsageMB
    }
}
