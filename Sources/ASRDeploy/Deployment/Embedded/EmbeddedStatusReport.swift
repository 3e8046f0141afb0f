import ASRContracts

/// `asrctl status --json` for the embedded deployment: its processes and the runtime's /health.
public struct EmbeddedStatusReport: Codable, Sendable, Equatable {
    /// Always true: a live deployment record was found.
    public var running: Bool = true
    /// Always `embedded` (a Compose deployment reports `compose`).
    public var kind: String = "embedded"
    /// /health answered 200.
    public var healthy: Bool
    /// Where the runtime listens.
    public var url: String
    public var runtimePID: Int32
    /// The runtime's resident memory in MB (0 when it could not be read).
    public var runtimeRSSMB: Int
    /// What /health said; `nil` when it did not answer.
    public var health: HealthResponse?
    /// The loopback redis-server's PID, when the deployment has one.
    public var redisPID: Int32?
    /// Whether that redis-server still runs.
    public var redisAlive: Bool?

    public init(
        healthy: Bool,
        url: String,
        runtimePID: Int32,
        runtimeRSSMB: Int,
        health: HealthResponse?,
        redisPID: Int32?,
        redisAlive: Bool?
    ) {
        self.healthy = healthy
        self.url = url
        self.runtimePID = runtimePID
        self.runtimeRSSMB = runtimeRSSMB
        self.health = health
        self.redisPID = redisPID
        self.redisAlive = redisAlive
    }

    enum CodingKeys: String, CodingKey {
        case running, kind, healthy, url, health
        case runtimePID = "runtime_pid"
        case runtimeRSSMB = "runtime_rss_mb"
        case redisPID = "redis_pid"
        case redisAlive = "redis_alive"
    }
}
