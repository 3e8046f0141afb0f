import ASRDeploy
import ArgumentParser
import Foundation

/// `asrctl maintain [--logs-older-than 30d] [--prune] [--dry-run]`.
struct MaintainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintain",
        abstract: "Weekly upkeep: delete old logs and, where a Docker engine answers, prune unused Docker data.",
        discussion: "Exit codes: 0 done, 1 docker prune failed, 3 a log could not be removed."
    )

    @Option(name: .customLong("logs-older-than"), help: "Delete *.log files older than this (30d, 12h, 90m).")
    var logsOlderThan: String = "30d"

    @Option(name: .customLong("log-dir"), help: "Directories holding logs (repeatable; default: logs and run).")
    var logDirectories: [String] = []

    @Flag(help: "Also run `docker system prune -f` when a Docker engine answers.")
    var prune = false

    @Flag(name: .customLong("dry-run"), help: "Report what would be removed; remove nothing.")
    var dryRun = false

    func run() throws {
        guard let age = LogCleanup.parseAge(logsOlderThan) else {
            throw ValidationError("--logs-older-than takes an age such as 30d, 12h or 90m")
        }
        let directories = (logDirectories.isEmpty ? ["logs", "run"] : logDirectories).map { URL(fileURLWithPath: $0) }
        let removals: [LogCleanup.Removal]
        do {
            removals = try LogCleanup(directories: directories, olderThan: age).run(dryRun: dryRun)
        } catch {
            StandardError.write("maintain: \(error)")
            throw ExitCode(ExitCodes.operationFailed)
        }
        let verb = dryRun ? "would remove" : "removed"
        for removal in removals { print("\(verb) \(removal.path) (\(removal.bytes) bytes)") }
        print("logs: \(verb) \(removals.count) file(s), \(removals.reduce(0) { $0 + $1.bytes }) bytes, older than \(logsOlderThan)")
        guard prune else { return }
        let outcome = DockerPrune.run(dryRun: dryRun)
        print("docker: \(outcome.output)")
        if !outcome.succeeded { throw ExitCode(ExitCodes.checkFailed) }
    }
}
