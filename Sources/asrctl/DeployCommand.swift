import ASRDeploy
import ArgumentParser
import Foundation

/// `asrctl deploy [--dry-run] [--embedded]`: render, then start with Docker Compose where an
/// engine answers, otherwise the embedded default (loopback redis-server + `asrctl serve`).
struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Render and start the ASR deployment, then wait until it is healthy.",
        discussion: """
            With a Docker engine: first checks that the CPU settings fit this host and that every image is on \
            the engine (pulling what is not; the runtime image comes from `asrctl image build`), and only then \
            docker compose down, render, up -d (v2 plugin, or the v1 binary with --compatibility so resource \
            limits apply); it waits for /health and stops waiting when the runtime container exits. Without one (or with --embedded): a loopback \
            redis-server with the rendered flags and `asrctl serve` in the background, pid files and logs in \
            the run directory. --dry-run shows the diff between the rendered and the deployed files.
            Exit codes: 0 deployed (dry run: no differences), 1 dry run found differences, 2 invalid \
            configuration (or CPU settings this host cannot give, or an engine service without a Docker \
            engine), 3 the deployment failed.
            """
    )

    @OptionGroup var options: ProfileOptions
    @OptionGroup var runDirectory: RunDirectoryOption

    @Option(name: [.short, .customLong("output")], help: "Where rendered files are written (default ./deploy).")
    var output: String = "deploy"

    @Option(name: .customLong("redis-port"), help: "Loopback port of the embedded Redis (a free one is used if it is taken).")
    var redisPort: Int = 6379

    @Flag(help: "Use the embedded deployment even where a Docker engine answers.")
    var embedded = false

    @Flag(name: .customLong("dry-run"), help: "Show what would change in the deployed files; change nothing.")
    var dryRun = false

    func run() async throws {
        let config = try options.load()
        let files = try Renderer.render(.all, config)
        let directory = URL(fileURLWithPath: output)
        if dryRun {
            let diff = try DeploymentDiff(rendered: files, deployedDirectory: directory)
            for file in diff.files {
                if let text = file.unifiedDiff { print(text, terminator: text.hasSuffix("\n") ? "" : "\n") } else { print("unchanged \(file.name)") }
            }
            if diff.hasDifferences { throw ExitCode(ExitCodes.checkFailed) }
            return
        }
        let deployment = runDirectory.deployments(output: output).forDeploying(embedded: embedded, redisPort: redisPort)
        do {
            try await deployment.deploy(files, configuration: config, workspace: options.workspace) { print($0) }
        } catch let error as DeploymentError where error.isConfigurationMismatch {
            StandardError.write("deploy: \(error)")
            throw ExitCode(ExitCodes.invalidConfiguration)
        } catch let error as DeploymentError {
            StandardError.write("deploy: \(error)")
            throw ExitCode(ExitCodes.operationFailed)
        }
    }
}
