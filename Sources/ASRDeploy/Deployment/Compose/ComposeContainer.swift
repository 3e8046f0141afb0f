/// One container of the Compose project as the engine reports it (`docker inspect`).
public struct ComposeContainer: Codable, Sendable, Equatable {
    /// The container name (`xiaozhi-esp32-server`).
    public var name: String
    /// The Compose service it runs.
    public var service: String
    /// The image it was created from, as the Compose file names it.
    public var image: String
    /// `created`, `running`, `restarting`, `exited`, …
    public var state: String
    /// Docker's health-check verdict (`starting`, `healthy`, `unhealthy`); `nil` without a health check.
    public var health: String?
    /// Times the engine restarted it (restart policy).
    public var restartCount: Int
    /// Exit code of its last run (0 while it has not exited).
    public var exitCode: Int

    public init(name: String, service: String, image: String, state: String, health: String?, restartCount: Int, exitCode: Int) {
        self.name = name
        self.service = service
        self.image = image
        self.state = state
        self.health = health
        self.restartCount = restartCount
        self.exitCode = exitCode
    }

    /// Running, and not judged unhealthy by its health check.
    public var isServing: Bool { state == "running" && health != "unhealthy" }

    enum CodingKeys: String, CodingKey {
        case name, service, image, state, health
        case restartCount = "restart_count"
        case exitCode = "exit_code"
    }
}
