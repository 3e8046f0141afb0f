import ASRContracts
import ASRDeploy
import ASRRuntime
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
        guard let record = runDirectory.deployment.current() else {
            try await composeStatus()
            return
        }
        let health: (status: Int, report: HealthResponse)? =
            if let url = record.runtimeURL { try? await RuntimeClient(baseURL: url, timeout: 5).health() } else { nil }
        let runtimeMB = ProcessMemory.residentBytes(pid: record.runtimePID).map { $0 >> 20 }
        let redisAlive = record.redis.map(\.isRunning)
        let healthy = health?.status == 200
        if json {
            let report = EmbeddedStatusReport(
                healthy: healthy,
                url: record.url,
                runtimePID: record.runtimePID,
                runtimeRSSMB: runtimeMB ?? 0,
                health: health?.report,
                redisPID: record.redisPID,
                redisAlive: record.redisPID == nil ? nil : (redisAlive ?? false)
            )
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("ASR runtime  \(record.url)  pid \(record.runtimePID)  RSS \(runtimeMB.map { "\($0) MB" } ?? "?")")
            if let health {
                print(
                    "  health: \(health.report.status) (HTTP \(health.status)), \(health.report.workersReady)/\(health.report.workers) decoders, redis \(health.report.redis), up \(Int(health.report.uptimeSeconds)) s"
                )
            } else {
                print("  health: no answer")
            }
            if let pid = record.redisPID {
                print("redis-server 127.0.0.1:\(record.redisPort ?? 0)  pid \(pid)  \(redisAlive == true ? "running" : "NOT running")")
            }
        }
        if !healthy { throw ExitCode(ExitCodes.checkFailed) }
    }

    /// No embedded deployment: a Compose deployment, if an engine answers and one is deployed.
    func composeStatus() async throws {
        let composeFile = URL(fileURLWithPath: output).appendingPathComponent("docker-compose.yml")
        let compose = FileManager.default.fileExists(atPath: composeFile.path) ? DockerEnvironment.composeIfEngineAnswers() : .none
        guard compose != .none else {
            if json {
                print(#"{"running":false}"#)
            } else {
                print("not running (no live deployment in \(runDirectory.deployment.runDirectory.path), no Compose deployment answering)")
            }
            throw ExitCode(ExitCodes.checkFailed)
        }
        let deployment = ComposeDeployment(kind: compose, directory: composeFile.deletingLastPathComponent())
        let containers: [ComposeContainer]
        do {
            containers = try deployment.containers()
        } catch {
            StandardError.write("status: \(error)")
            throw ExitCode(ExitCodes.operationFailed)
        }
        let client = RuntimeClient.local(port: port ?? deployment.deployedPort() ?? 8001, timeout: 5)
        let url = client.baseURL.absoluteString
        let health = try? await client.health()
        let report = ComposeStatusReport(
            project: ComposeDeployment.projectName,
            compose: compose.command.joined(separator: " "),
            composeFile: composeFile.path,
            url: url,
            containers: containers,
            healthStatus: health?.status,
            health: health?.report
        )
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("Compose project \(report.project) (\(report.compose), \(report.composeFile))")
            if containers.isEmpty { print("  no containers") }
            for container in containers {
                let health = container.health.map { ", \($0)" } ?? ""
                let restarts = container.restartCount > 0 ? ", restarted \(container.restartCount)×" : ""
                print("  \(container.name)  \(container.image)  \(container.state)\(health)\(restarts)")
            }
            if let health {
                print(
                    "  health: \(health.report.status) (HTTP \(health.status)) at \(url), \(health.report.workersReady)/\(health.report.workers) decoders, redis \(health.report.redis), RSS \(Int(health.report.memoryMB)) MB"
                )
            } else {
                print("  health: no answer at \(url)")
            }
        }
        if !report.healthy { throw ExitCode(ExitCodes.checkFailed) }
    }
}
