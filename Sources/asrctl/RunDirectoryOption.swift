import ASRDeploy
import ArgumentParser
import Foundation

/// Where the embedded deployment keeps pid files, logs and its record (env ASRCTL_RUN_DIR; default ./run).
struct RunDirectoryOption: ParsableArguments {
    @Option(name: .customLong("run-dir"), help: "Run directory of the embedded deployment (env ASRCTL_RUN_DIR; default ./run).")
    var runDir: String?

    var url: URL {
        URL(fileURLWithPath: runDir ?? ProcessInfo.processInfo.environment["ASRCTL_RUN_DIR"] ?? "run")
    }

    var deployment: EmbeddedDeployment {
        EmbeddedDeployment(runDirectory: url)
    }

    /// The deployments this run directory and the rendered files in `output` can hold.
    func deployments(output: String) -> DeploymentChooser {
        DeploymentChooser(runDirectory: url, outputDirectory: URL(fileURLWithPath: output))
    }
}
