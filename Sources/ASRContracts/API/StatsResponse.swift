/// `GET /asr/stats`: the guide's fields (`processor`, `service`, `queues`) plus what an operator
/// needs to see why: latency percentiles, rejections, memory, caches, pool and Redis.
public struct StatsResponse: Codable, Sendable {
    public struct Processor: Codable, Sendable {
        public var totalRequests: Int
        public var avgProcessingTime: Double
        /// 0...1
        public var cacheHitRate: Double
        public var batchSize: Int
        public var chunkSize: Int
        /// L1 entries.
        public var cacheSize: Int
        public var decodes: Int
        public var deduplicated: Int
        public var audioSecondsDecoded: Double
        public var avgDecodeTime: Double

        package init(
            totalRequests: Int,
            avgProcessingTime: Double,
            cacheHitRate: Double,
            batchSize: Int,
            chunkSize: Int,
            cacheSize: Int,
            decodes: Int,
            deduplicated: Int,
            audioSecondsDecoded: Double,
            avgDecodeTime: Double
        ) {
            self.totalRequests = totalRequests
            self.avgProcessingTime = avgProcessingTime
            self.cacheHitRate = cacheHitRate
            self.batchSize = batchSize
            self.chunkSize = chunkSize
            self.cacheSize = cacheSize
            self.decodes = decodes
            self.deduplicated = deduplicated
            self.audioSecondsDecoded = audioSecondsDecoded
            self.avgDecodeTime = avgDecodeTime
        }

        enum CodingKeys: String, CodingKey {
            case totalRequests = "total_requests"
            case avgProcessingTime = "avg_processing_time"
            case cacheHitRate = "cache_hit_rate"
            case batchSize = "batch_size"
            case chunkSize = "chunk_size"
            case cacheSize = "cache_size"
            case decodes, deduplicated
            case audioSecondsDecoded = "audio_seconds_decoded"
            case avgDecodeTime = "avg_decode_time"
        }
    }

    public struct Service: Codable, Sendable {
        public var totalRequests: Int
        public var avgLatency: Double
        public var concurrentRequests: Int
        public var currentConcurrent: Int
        public var maxConcurrent: Int
        public var cacheHits: Int
        /// The service's own RSS, MB.
        public var memoryUsage: Double
        /// The service's own CPU use since the previous stats call, percent of one core.
        public var cpuUsage: Double
        public var succeeded: Int
        public var failed: Int
        public var errorRate: Double

        package init(
            totalRequests: Int,
            avgLatency: Double,
            concurrentRequests: Int,
            currentConcurrent: Int,
            maxConcurrent: Int,
            cacheHits: Int,
            memoryUsage: Double,
            cpuUsage: Double,
            succeeded: Int,
            failed: Int,
            errorRate: Double
        ) {
            self.totalRequests = totalRequests
            self.avgLatency = avgLatency
            self.concurrentRequests = concurrentRequests
            self.currentConcurrent = currentConcurrent
            self.maxConcurrent = maxConcurrent
            self.cacheHits = cacheHits
            self.memoryUsage = memoryUsage
            self.cpuUsage = cpuUsage
            self.succeeded = succeeded
            self.failed = failed
            self.errorRate = errorRate
        }

        enum CodingKeys: String, CodingKey {
            case totalRequests = "total_requests"
            case avgLatency = "avg_latency"
            case concurrentRequests = "concurrent_requests"
            case currentConcurrent = "current_concurrent"
            case maxConcurrent = "max_concurrent"
            case cacheHits = "cache_hits"
            case memoryUsage = "memory_usage"
            case cpuUsage = "cpu_usage"
            case succeeded, failed
            case errorRate = "error_rate"
        }
    }

    public struct Queues: Codable, Sendable {
        public var high: Int
        public var medium: Int
        public var low: Int
        public var capacity: Int

        package init(high: Int, medium: Int, low: Int, capacity: Int) {
            self.high = high
            self.medium = medium
            self.low = low
            self.capacity = capacity
        }
    }

    public struct Latency: Codable, Sendable {
        public var p50: Double
        public var p95: Double
        public var p99: Double

        package init(p50: Double, p95: Double, p99: Double) {
            self.p50 = p50
            self.p95 = p95
            self.p99 = p99
        }
    }

    public struct Memory: Codable, Sendable {
        public var rssMB: Double
        public var peakRssMB: Double
        public var capMB: Int
        public var warningMB: Int
        public var criticalMB: Int
        public var level: String
        public var trims: Int

        package init(rssMB: Double, peakRssMB: Double, capMB: Int, warningMB: Int, criticalMB: Int, level: String, trims: Int) {
            self.rssMB = rssMB
            self.peakRssMB = peakRssMB
            self.capMB = capMB
            self.warningMB = warningMB
            self.criticalMB = criticalMB
            self.level = level
            self.trims = trims
        }

        enum CodingKeys: String, CodingKey {
            case rssMB = "rss_mb"
            case peakRssMB = "peak_rss_mb"
            case capMB = "cap_mb"
            case warningMB = "warning_mb"
            case criticalMB = "critical_mb"
            case level, trims
        }
    }

    public struct Cache: Codable, Sendable {
        public var l1Entries: Int
        public var l1Bytes: Int
        public var l1BudgetBytes: Int
        public var l1Hits: Int
        public var l1Evictions: Int
        public var l2Hits: Int

        package init(l1Entries: Int, l1Bytes: Int, l1BudgetBytes: Int, l1Hits: Int, l1Evictions: Int, l2Hits: Int) {
            self.l1Entries = l1Entries
            self.l1Bytes = l1Bytes
            self.l1BudgetBytes = l1BudgetBytes
            self.l1Hits = l1Hits
            self.l1Evictions = l1Evictions
            self.l2Hits = l2Hits
        }

        enum CodingKeys: String, CodingKey {
            case l1Entries = "l1_entries"
            case l1Bytes = "l1_bytes"
            case l1BudgetBytes = "l1_budget_bytes"
            case l1Hits = "l1_hits"
            case l1Evictions = "l1_evictions"
            case l2Hits = "l2_hits"
        }
    }

    public struct Pool: Codable, Sendable {
        public var enabled: Bool
        public var pooled: Int
        public var capacity: Int
        public var reused: Int
        public var allocated: Int

        package init(enabled: Bool, pooled: Int, capacity: Int, reused: Int, allocated: Int) {
            self.enabled = enabled
            self.pooled = pooled
            self.capacity = capacity
            self.reused = reused
            self.allocated = allocated
        }
    }

    /// Device streams on /xiaozhi/v1/: the streaming settings in force, what the streams did, and
    /// their decoders.
    public struct Streams: Codable, Sendable {
        public var chunkSize: Int
        public var overlapSize: Int
        public var networkTimeout: Int
        public var activity: StreamActivity
        public var decoders: StreamDecoderPoolSnapshot

        package init(chunkSize: Int, overlapSize: Int, networkTimeout: Int, activity: StreamActivity, decoders: StreamDecoderPoolSnapshot) {
            self.chunkSize = chunkSize
            self.overlapSize = overlapSize
            self.networkTimeout = networkTimeout
            self.activity = activity
            self.decoders = decoders
        }

        enum CodingKeys: String, CodingKey {
            case chunkSize = "chunk_size"
            case overlapSize = "overlap_size"
            case networkTimeout = "network_timeout"
            case activity, decoders
        }
    }

    public var processor: Processor
    public var service: Service
    public var queues: Queues
    public var latency: Latency
    /// 503 answers by reason (`queue_full`, `memory_critical`, `unavailable`, `concurrency_limit`).
    public var rejections: [String: Int]
    public var memory: Memory
    public var cache: Cache
    public var pool: Pool
    public var gc: MaintenanceStatistics
    public var redis: RedisStatusReport
    public var streams: Streams
    /// Every engine requests are routed to, with the upstream's figures where there is one.
    public var engines: [EngineStatusReport]

    package init(
        processor: Processor,
        service: Service,
        queues: Queues,
        latency: Latency,
        rejections: [String: Int],
        memory: Memory,
        cache: Cache,
        pool: Pool,
        gc: MaintenanceStatistics,
        redis: RedisStatusReport,
        streams: Streams,
        engines: [EngineStatusReport] = []
    ) {
        self.engines = engines
        self.processor = processor
        self.service = service
        self.queues = queues
        self.latency = latency
        self.rejections = rejections
        self.memory = memory
        self.cache = cache
        self.pool = pool
        self.gc = gc
        self.redis = redis
        self.streams = streams
    }

    enum CodingKeys: String, CodingKey {
        case processor, service, queues, latency, rejections, memory, cache, pool, gc, redis, streams, engines
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        processor = try container.decode(Processor.self, forKey: .processor)
        service = try container.decode(Service.self, forKey: .service)
        queues = try container.decode(Queues.self, forKey: .queues)
        latency = try container.decode(Latency.self, forKey: .latency)
        rejections = try container.decode([String: Int].self, forKey: .rejections)
        memory = try container.decode(Memory.self, forKey: .memory)
        cache = try container.decode(Cache.self, forKey: .cache)
        pool = try container.decode(Pool.self, forKey: .pool)
        gc = try container.decode(MaintenanceStatistics.self, forKey: .gc)
        redis = try container.decode(RedisStatusReport.self, forKey: .redis)
        streams = try container.decode(Streams.self, forKey: .streams)
        engines = try container.decodeIfPresent([EngineStatusReport].self, forKey: .engines) ?? []
    }

    /// The nested sections, and the `summary` fields beside them at the top level.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(processor, forKey: .processor)
        try container.encode(service, forKey: .service)
        try container.encode(queues, forKey: .queues)
        try container.encode(latency, forKey: .latency)
        try container.encode(rejections, forKey: .rejections)
        try container.encode(memory, forKey: .memory)
        try container.encode(cache, forKey: .cache)
        try container.encode(pool, forKey: .pool)
        try container.encode(gc, forKey: .gc)
        try container.encode(redis, forKey: .redis)
        try container.encode(streams, forKey: .streams)
        try container.encode(engines, forKey: .engines)
        try summary.encode(to: encoder)
    }

    /// The flat fields the guide's clients print (`total_requests`, `cache_hit_rate`,
    /// `queue_length`, …), taken from the nested sections and served at the top level too.
    public var summary: StatsSummary {
        StatsSummary(
            totalRequests: processor.totalRequests,
            cacheHits: service.cacheHits,
            cacheHitRate: processor.cacheHitRate,
            cacheSize: processor.cacheSize,
            batchSize: processor.batchSize,
            maxConcurrent: service.maxConcurrent,
            activeConnections: service.currentConcurrent,
            queueLength: queues.high + queues.medium + queues.low,
            memoryUsageMB: memory.rssMB
        )
    }
}
