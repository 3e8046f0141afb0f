import Foundation

/// Which deployment a command acts on: the only place that knows the kinds.
package struct DeploymentChooser: Sendable {
    /// Where the embedded deployment keeps its record, pid files and logs.
    package var runDirectory: URL
    /// Where rendered files are written and a Compose deployment's files live.
    package var outputDirectory: URL

    package init(runDirectory: URL, outputDirectory: URL) {
        self.runDirectory = runDirectory
        self.outputDirectory = outputDirectory
    }

    /// The deployment `asrctl deploy` starts: Docker Compose where an engine answers (unless
    /// `embedded`), otherwise the embedded processes, with Redis on `redisPort` if it is free.
    package func forDeploying(embedded: Bool, redisPort: Int) -> any Deployment {
        let compose = embedded ? ComposeKind.none : DockerEnvironment.composeIfEngineAnswers()
        if compose != .none { return ComposeDeployment(kind: compose, directory: outputDirectory) }
        return EmbeddedDeployment(runDirectory: runDirectory, outputDirectory: outputDirectory, redisPort: redisPort)
    }

    /// The deployment that runs now: a live embedded one, else a Compose one whose file was
    /// deployed here while an engine answers (its runtime checked on `composePort`, default the
    /// port its file publishes); nil when neither.
    package func running(composePort: Int? = nil) -> (any Deployment)? {
        let embedded = EmbeddedDeployment(runDirectory: runDirectory, outputDirectory: outputDirectory)
        if embedded.current() != nil { return embedded }
        return deployedCompose(statusPort: composePort)
    }

    /// Stops what this host runs: the embedded processes (also a Redis left behind by a runtime
    /// that died, and stale pid files), else a deployed Compose project where an engine answers.
    package func stopRunning() throws -> [String] {
        let stopped = EmbeddedDeployment(runDirectory: runDirectory, outputDirectory: outputDirectory).stop()
        guard stopped.isEmpty else { return stopped }
        return try deployedCompose(statusPort: nil)?.stop() ?? []
    }

    /// The Compose deployment whose file was deployed into the output directory, while an
    /// engine answers.
    private func deployedCompose(statusPort: Int?) -> ComposeDeployment? {
        guard FileManager.default.fileExists(atPath: outputDirectory.appendingPathComponent("docker-compose.yml").path) else { return nil }
        let compose = DockerEnvironment.composeIfEngineAnswers()
        guard compose != .none else { return nil }
        return ComposeDeployment(kind: compose, directory: outputDirectory, statusPort: statusPort)
    }

    /// Why `running` found nothing, for the operator.
    package var nothingRunning: String {
        "no live deployment in \(runDirectory.path), no Compose deployment answering"
    }
}
