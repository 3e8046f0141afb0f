/// Why a deployment step failed, naming the step and what to do.
public enum DeploymentError: Error, Sendable, Equatable, CustomStringConvertible {
    case toolMissing(String)
    case commandFailed(command: String, status: Int32, output: String)
    case notHealthy(url: String, seconds: Int, detail: String)
    /// The configuration cannot run on this host (checked before the running stack is touched).
    case hostMismatch([HostCheck])
    /// An image the Compose file names is neither on the engine nor pullable.
    case imageUnavailable(image: String, detail: String, hint: String)
    /// A container stopped or restarted while deploy waited for health.
    case containerFailed(name: String, state: String, logs: String)
    /// The embedded deployment's process exited while deploy waited for health.
    case processExited(name: String, logTail: String)
    /// The runtime's upstream is the engine service, which only Docker Compose runs.
    case engineServiceNeedsCompose(image: String, url: String)

    /// The configuration cannot be deployed this way, and nothing was touched: `deploy` exits 2.
    public var isConfigurationMismatch: Bool {
        switch self {
        case .hostMismatch, .engineServiceNeedsCompose: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .toolMissing(let tool):
            return "\(tool) is not installed (make setup installs what asrctl needs)"
        case let .commandFailed(command, status, output):
            let hint = DockerFailureHint.hint(for: output).map { "\nhint: \($0)" } ?? ""
            return "`\(command)` failed with status \(status): \(output)\(hint)"
        case let .notHealthy(url, seconds, detail):
            return "\(url)/health did not report healthy within \(seconds) s: \(detail)"
        case .hostMismatch(let checks):
            return "the configuration does not fit this host; Docker would refuse it, so the running deployment was left alone:\n"
                + checks.map { "  \($0.name): \($0.detail)" + ($0.hint.map { "\n    hint: \($0)" } ?? "") }.joined(separator: "\n")
        case let .imageUnavailable(image, detail, hint):
            return
                "image \(image) is not on the Docker engine and could not be pulled (\(detail)); the running deployment was left alone\nhint: \(hint)"
        case let .containerFailed(name, state, logs):
            return "container \(name) is \(state); its last log lines:\n\(logs)"
        case let .processExited(name, logTail):
            return "\(name) exited before it was healthy; its last log lines:\n\(logTail)"
        case let .engineServiceNeedsCompose(image, url):
            return "the runtime's upstream is the engine service (\(image) at \(url)), which only Docker Compose runs; nothing was started\n"
                + "hint: deploy where a Docker engine answers (without --embedded), or set engine.upstream.url to an engine you run and remove engine.upstream.service"
        }
    }
}
