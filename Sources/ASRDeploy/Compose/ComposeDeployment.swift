import Foundation

/// Deploys the rendered Compose file where a Docker engine answers: brings the old stack
/// down, writes the new files, `up -d` (Compose v2 plugin or the v1 binary), and waits for
/// the runtime's /health.
public struct ComposeDeployment: Sendable {
    /// The Compose project name, so `stop`/`status` find the stack again.
    public static let projectName = "asrctl"

    public let kind: ComposeKind
    public let directory: URL

    public init(kind: ComposeKind, directory: URL) {
        self.kind = kind
        self.directory = directory
    }

    /// The Compose command line for `arguments` against the deployed file (`-p asrctl`).
    /// The v1 binary gets `--compatibility`: without it, docker-compose 1.x ignores
    /// `deploy.resources`, and the guide's CPU and memory limits would silently not apply.
    public func command(_ arguments: [String]) -> [String] {
        kind.command + (kind == .binary ? ["--compatibility"] : []) + ["-f", directory.appendingPathComponent("docker-compose.yml").path, "-p", Self.projectName] + arguments
    }

    /// Runs a Compose command; throws with its output when it fails.
    @discardableResult
    public func run(_ arguments: [String], timeout: Double = 600) throws -> String {
        let line = command(arguments)
        guard let result = HostCommandRunner(timeout: timeout).run(line[0], Array(line.dropFirst())) else {
            throw DeploymentError.toolMissing(line[0])
        }
        let output = (result.standardOutput + result.standardError).trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.succeeded else {
            throw DeploymentError.commandFailed(command: line.joined(separator: " "), status: result.status, output: output)
        }
        return output
    }

    /// Down (if deployed), write `files`, up -d. The caller then waits for health.
    public func deploy(_ files: [RenderedFile], workspace: Workspace) throws -> [String] {
        var log: [String] = []
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent("docker-compose.yml").path) {
            log.append(try run(["down", "--remove-orphans"]))
        }
        _ = try RenderWriter.write(files, to: directory, workspace: workspace)
        log.append(try run(["up", "-d", "--remove-orphans"]))
        return log.filter { !$0.isEmpty }
    }
}
