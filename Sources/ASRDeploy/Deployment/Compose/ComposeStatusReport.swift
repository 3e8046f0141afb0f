import ASRContracts

/// `asrctl status` for a Compose deployment: the project's containers as the engine reports
/// them and the runtime's /health through the published port.
public struct ComposeStatusReport: Codable, Sendable, Equatable {
    /// Whether any container of the project exists and runs.
    public var running: Bool
    /// Always `compose` (the embedded deployment's report has no `kind`).
    public var kind: String = "compose"
    /// The Compose project (`asrctl`).
    public var project: String
    /// The Compose command used (`docker-compose` or `docker compose`).
    public var compose: String
    /// The deployed Compose file.
    public var composeFile: String
    /// Where /health was asked.
    public var url: String
    /// /health answered 200 and every container runs and is not unhealthy.
    public var healthy: Bool
    /// The project's containers.
    public var containers: [ComposeContainer]
    /// The HTTP status /health answered; `nil` when it did not answer.
    public var healthStatus: Int?
    /// What /health said.
    public var health: HealthResponse?

    public init(
        project: String,
        compose: String,
        composeFile: String,
        url: String,
        containers: [ComposeContainer],
        healthStatus: Int?,
        health: HealthResponse?
    ) {
        self.running = containers.contains { $0.state == "running" }
        self.project = project
        self.compose = compose
        self.composeFile = composeFile
        self.url = url
        self.containers = containers
        self.healthStatus = healthStatus
        self.health = health
        // 200 with `degraded` (an upstream engine failing) is up, not healthy.
        self.healthy =
            healthStatus == 200 && health?.status == "healthy" && !containers.isEmpty && containers.allSatisfy(\.isServing)
    }

    enum CodingKeys: String, CodingKey {
        case running, kind, project, compose, url, healthy, containers, health
        case composeFile = "compose_file"
        case healthStatus = "health_status"
    }
}
