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
        var stopped = runDirectory.deployment.stop()
        let composeFile = URL(fileURLWithPath: output).appendingPathComponent("docker-compose.yml")
        if stopped.isEmpty, FileManager.default.fileExists(atPath: composeFile.path) {
            let compose = DockerEnvironment.composeIfEngineAnswers()
            if compose != .none {
                do {
                    let text = try ComposeDeployment(kind: compose, directory: composeFile.deletingLastPathComponent()).run(["down"])
                    stopped.append("compose project \(ComposeDeployment.projectName): down" + (text.isEmpty ? "" : "\n\(text)"))
                } catch {
                    StandardError.write("stop: \(error)")
                    throw ExitCode(ExitCodes.operationFailed)
                }
            }
        }
        if stopped.isEmpty { print("nothing was running") }
        for line in stopped { print(line) }
    }
}
