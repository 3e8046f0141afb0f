/// Why a deployment step failed, naming the step and what to do.
public enum DeploymentError: Error, Sendable, Equatable, CustomStringConvertible {
    case toolMissing(String)
    case commandFailed(command: String, status: Int32, output: String)
    case notHealthy(url: String, seconds: Int, detail: String)

    public var description: String {
        switch self {
        case .toolMissing(let tool):
            return "\(tool) is not installed (make setup installs what asrctl needs)"
        case let .commandFailed(command, status, output):
            return "`\(command)` failed with status \(status): \(output)"
        case let .notHealthy(url, seconds, detail):
            return "\(url)/health did not report healthy within \(seconds) s: \(detail)"
        }
    }
}
