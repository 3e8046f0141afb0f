import ASRDeploy
import ArgumentParser
import Foundation

/// `asrctl stop`: stops the embedded deployment (the runtime drains first), then Redis.
struct StopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the deployment: SIGTERM the runtime (it answers what it has and exits), then Redis."
    )

    @OptionGroup var runDirectory: RunDirectoryOption

    @Option(name: [.short, .customLong("output")], help: "Where deploy wrote the rendered files (for a Compose deployment).")
    var output: String = "deploy"

    func run() throws {
        let stopped: [String]
        do {
            stopped = try runDirectory.deployments(output: output).stopRunning()
        } catch {
            StandardError.write("stop: \(error)")
            throw ExitCode(ExitCodes.operationFailed)
        }
        if stopped.isEmpty { print("nothing was running") }
        for line in stopped { print(line) }
    }
}
