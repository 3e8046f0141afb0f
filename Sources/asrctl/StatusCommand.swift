import ArgumentParser
import ASRDeploy
import ASRRuntime
import Foundation

/// `asrctl status [--json]`: the embedded deployment's processes and the runtime's health.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether the deployment runs and is healthy.",
        discussion: "Exit codes: 0 running and healthy, 1 not running or not healthy.")

    @OptionGroup var runDirectory: RunDirectoryOption

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        guard let record = runDirectory.deployment.current() else {
            if json { print(#"{"running":false}"#) } else { print("not running (no live deployment in \(runDirectory.deployment.runDirectory.path))") }
            throw ExitCode(ExitCodes.checkFailed)
        }
        let health = try? await RuntimeClient(baseURL: URL(string: record.url)!, timeout: 5).health()
        let runtimeMB = ProcessMemory.residentBytes(pid: record.runtimePID).map { $0 >> 20 }
        let redisAlive = record.redisPID.map { ProcessMemory.residentBytes(pid: $0) != nil }
        let healthy = health?.status == 200
        if json {
            var object: [String: Any] = ["running": true, "healthy": healthy, "url": record.url, "runtime_pid": record.runtimePID,
                                         "runtime_rss_mb": runtimeMB ?? 0]
            if let health { object["health"] = ["status": health.report.status, "workers_ready": health.report.workersReady,
                                                 "redis": health.report.redis, "memory_mb": health.report.memoryMB] }
            if let pid = record.redisPID { object["redis_pid"] = pid; object["redis_alive"] = redisAlive ?? false }
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("ASR runtime  \(record.url)  pid \(record.runtimePID)  RSS \(runtimeMB.map { "\($0) MB" } ?? "?")")
            if let health {
                print("  health: \(health.report.status) (HTTP \(health.status)), \(health.report.workersReady)/\(health.report.workers) decoders, redis \(health.report.redis), up \(Int(health.report.uptimeSeconds)) s")
            } else {
                print("  health: no answer")
            }
            if let pid = record.redisPID {
                print("redis-server 127.0.0.1:\(record.redisPort ?? 0)  pid \(pid)  \(redisAlive == true ? "running" : "NOT running")")
            }
        }
        if !healthy { throw ExitCode(ExitCodes.checkFailed) }
    }
}
