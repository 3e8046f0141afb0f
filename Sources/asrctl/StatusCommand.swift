import ASRContracts
import ASRDeploy
import ArgumentParser
import Foundation

/// `asrctl status [--json]`: the embedded deployment's processes, or the Compose project's
/// containers, and the runtime's health.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether the deployment runs and is healthy.",
        discussion: "Exit codes: 0 running and healthy, 1 not running or not healthy."
    )

    @OptionGroup var runDirectory: RunDirectoryOption

    @Flag(help: "Print JSON.")
    var json = false

    @Option(name: [.short, .customLong("output")], help: "Where deploy wrote the rendered files (for a Compose deployment).")
    var output: String = "deploy"

    @Option(help: "The runtime's port for a Compose deployment's health check (default: the port the deployed Compose file publishes).")
    var port: Int?

    func run() async throws {
        let deployments = runDirectory.deployments(output: output)
        let status: DeploymentStatus
        do {
            status = try await deployments.running(composePort: port)?.status() ?? .notRunning(deployments.nothingRunning)
        } catch {
            StandardError.write("status: \(error)")
            throw ExitCode(ExitCodes.operationFailed)
        }
        if json {
            print(status.json)
        } else {
            for line in status.lines { print(line) }
        }
        if !status.healthy { throw ExitCode(ExitCodes.checkFailed) }
    }
}
