import ASRContracts
import ASRDeploy
import ASRRuntime
import ArgumentParser
import Foundation
import Logging

/// `asrctl serve`: the embedded ASR runtime in the foreground.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the ASR runtime in the foreground (HTTP on ASR_HOST:ASR_PORT, default 0.0.0.0:8001).",
        discussion: """
            Settings come from the profiles (with the active preset, --values and --set) when the profiles \
            directory exists, then from ASR_* environment variables, which win; --host/--port win over both. \
            In a container with no profiles, the environment alone configures it. On SIGTERM new work gets \
            503 while every request in flight is answered; then the listener closes and it exits 0.
            """
    )

    @OptionGroup var options: ProfileOptions

    @Option(help: "Address to listen on (overrides ASR_HOST).")
    var host: String?

    @Option(help: "Port to listen on (overrides ASR_PORT).")
    var port: Int?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func run() async throws {
        let configuration = try runtimeConfiguration()
        // Say so before spending seconds loading decoders that could never be reached.
        guard HostProbe.isPortFree(configuration.port) else {
            StandardError.write("serve: port \(configuration.port) is already in use; stop what listens there or pass --port / ASR_PORT")
            throw ExitCode(ExitCodes.operationFailed)
        }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "asr.runtime")
        logger.info(
            "ASR runtime on \(configuration.host):\(configuration.port), \(configuration.workerThreads) decoder(s), queue \(configuration.queueSize), cap \(configuration.maxMemoryMB) MB"
        )
        try await RuntimeServer.run(configuration: configuration, logger: logger)
    }

    /// Profiles (if present) < ASR_* environment < --host/--port.
    func runtimeConfiguration() throws -> RuntimeConfiguration {
        var environment: [String: String] = [:]
        let workspace = options.workspace
        if options.profiles != nil || FileManager.default.fileExists(atPath: workspace.profilesDirectory.path) {
            for (name, value) in try options.load().runtimeEnvironment { environment[name] = value }
        }
        for (name, value) in ProcessInfo.processInfo.environment where name.hasPrefix("ASR_") {
            environment[name] = value
        }
        if let host { environment["ASR_HOST"] = host }
        if let port { environment["ASR_PORT"] = String(port) }
        do {
            return try RuntimeConfiguration(environment: environment)
        } catch {
            StandardError.write("serve: \(error)")
            throw ExitCode(ExitCodes.invalidConfiguration)
        }
    }
}
