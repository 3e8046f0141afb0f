import ASRDeploy
import ArgumentParser
import Foundation

/// `asrctl check-host [--json] [--devices N]`.
struct CheckHostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-host",
        abstract: "Check this host against the guide's requirements and the profile's limits (PASS / WARN / FAIL).",
        discussion: """
            Checks CPU cores (≥ 4), memory (≥ 8 GB), free disk (≥ 20 GB) where it deploys, OS, Docker (≥ 20.10) \
            and whether its engine answers, Compose (≥ 1.29), Python (≥ 3.9, informational), the PocketSphinx \
            library and model, port 8001, the upstream engine when one is configured (answers, how fast, lists the \
            model), and the configuration against the host: workers vs cores, cpuset, \
            cpus limit, memory caps, Redis headroom, reservations (the rules `validate` applies, with the same \
            messages, here knowing the host's cores and memory), and with --devices the estimated capacity.
            Exit codes: 0 no FAIL (WARN allowed), 1 at least one FAIL (or WARN with --strict), 2 invalid configuration.
            """
    )

    @OptionGroup var options: ProfileOptions

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Devices that will talk at once; compared with the estimated capacity.")
    var devices: Int?

    @Option(name: .customLong("disk-path"), help: "Where the deployment lives (free disk is measured there).")
    var diskPath: String = FileManager.default.currentDirectoryPath

    func validate() throws {
        if let devices, devices < 1 { throw ValidationError("--devices must be at least 1") }
    }

    func run() async throws {
        let settings = try options.load().typed
        let facts = HostProbe(diskPath: diskPath, port: settings.runtime.port, modelDirectory: settings.runtime.modelDirectory).gather()
        // An engine service answers only on the Compose network: HostChecker says so instead.
        let upstream = settings.upstreamIsEngineService ? nil : await UpstreamReachability.probe(settings.runtime)
        let report = HostChecker.evaluate(facts: facts, configuration: settings, upstream: upstream, devices: devices, strict: options.strict)
        print(json ? try report.renderJSON() : report.renderTable())
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
