/// The part of `docker inspect`'s JSON for a container that `ComposeContainer` needs.
struct DockerInspectEntry: Decodable {
    struct Health: Decodable {
        var status: String
        enum CodingKeys: String, CodingKey { case status = "Status" }
    }
    struct State: Decodable {
        var status: String
        var exitCode: Int
        var health: Health?
        enum CodingKeys: String, CodingKey {
            case status = "Status"
            case exitCode = "ExitCode"
            case health = "Health"
        }
    }
    struct Config: Decodable {
        var image: String
        var labels: [String: String]?
        enum CodingKeys: String, CodingKey {
            case image = "Image"
            case labels = "Labels"
        }
    }
    var name: String
    var restartCount: Int
    var state: State
    var config: Config

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case restartCount = "RestartCount"
        case state = "State"
        case config = "Config"
    }

    var container: ComposeContainer {
        ComposeContainer(
            name: name.hasPrefix("/") ? String(name.dropFirst()) : name,
            service: config.labels?["com.docker.compose.service"] ?? "",
            image: config.image,
            state: state.status,
            health: state.health?.status,
            restartCount: restartCount,
            exitCode: state.exitCode
        )
    }
}
