/// `GET /health`: 200 when ready, 503 while loading models, shedding load or shutting down.
public struct HealthResponse: Codable, Sendable, Equatable {
    /// `healthy`, `degraded` (an upstream engine is failing; the rest still serves), `loading`,
    /// `overloaded` (memory critical) or `shutting_down`.
    public var status: String
    /// Why the status is not `healthy`, when there is more to say than the status.
    public var reason: String?
    public var service: String
    /// The deployment profile's name.
    public var optimization: String
    public var currentConcurrent: Int
    public var maxConcurrent: Int
    public var workers: Int
    public var workersReady: Int
    public var memoryMB: Double
    public var memoryLevel: String
    /// `connected`, `disconnected`, `connecting` or `disabled`.
    public var redis: String
    /// The default engine's id.
    public var engine: String
    /// Every engine, the languages routed to it and its state.
    public var engines: [EngineStatusReport]
    public var uptimeSeconds: Double

    package init(
        status: String,
        service: String,
        optimization: String,
        currentConcurrent: Int,
        maxConcurrent: Int,
        workers: Int,
        workersReady: Int,
        memoryMB: Double,
        memoryLevel: String,
        redis: String,
        engine: String,
        engines: [EngineStatusReport] = [],
        uptimeSeconds: Double,
        reason: String? = nil
    ) {
        self.status = status
        self.reason = reason
        self.engines = engines
        self.service = service
        self.optimization = optimization
        self.currentConcurrent = currentConcurrent
        self.maxConcurrent = maxConcurrent
        self.workers = workers
        self.workersReady = workersReady
        self.memoryMB = memoryMB
        self.memoryLevel = memoryLevel
        self.redis = redis
        self.engine = engine
        self.uptimeSeconds = uptimeSeconds
    }

    enum CodingKeys: String, CodingKey {
        case status, reason, service, optimization, workers, redis, engine, engines
        case currentConcurrent = "current_concurrent"
        case maxConcurrent = "max_concurrent"
        case workersReady = "workers_ready"
        case memoryMB = "memory_mb"
        case memoryLevel = "memory_level"
        case uptimeSeconds = "uptime_seconds"
    }
}
