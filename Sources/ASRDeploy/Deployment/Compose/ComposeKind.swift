/// Which Docker Compose the host offers.
public enum ComposeKind: String, Codable, Sendable, CaseIterable {
    /// The standalone `docker-compose` binary: Compose v1 (Debian 12 ships 1.29.2), or a
    /// standalone v2 build.
    case binary
    /// The Compose v2 plugin, run as `docker compose`.
    case plugin
    /// Neither answers.
    case none

    /// The command that runs this Compose, e.g. `["docker", "compose"]`; empty for `.none`.
    public var command: [String] {
        switch self {
        case .binary: return ["docker-compose"]
        case .plugin: return ["docker", "compose"]
        case .none: return []
        }
    }
}
