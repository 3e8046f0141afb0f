import ArgumentParser
import ASRDeploy

/// `asrctl stop`: stops the embedded deployment (the runtime drains first), then Redis.
struct StopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the deployment: SIGTERM the runtime (it answers what it has and exits), then Redis.")

    @OptionGroup var runDirectory: RunDirectoryOption

    func run() throws {
        let stopped = runDirectory.deployment.stop()
        if stopped.isEmpty { print("nothing was running") }
        for line in stopped { print(line) }
    }
}
