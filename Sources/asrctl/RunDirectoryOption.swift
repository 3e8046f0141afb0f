import ASRDeploy
import ArgumentParser
import Foundation

/// Where the embedded deployment keeps pid files, logs and its record (env ASRCTL_RUN_DIR; default ./run).
struct RunDirectoryOption: ParsableArguments {
    @Option(name: .customLong("run-dir"), help: "Run directory of the embedded deployment (env ASRCTL_RUN_DIR; default ./run).")
    var runDir: String?

    var deployment: EmbeddedDeployment {
        EmbeddedDeployment(runDirectory: URL(fileURLWithPath: runDir ?? ProcessInfo.processInfo.environment["ASRCTL_RUN_DIR"] ?? "run"))
    }
}
