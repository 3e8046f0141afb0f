import ASRDeploy
import ArgumentParser
import Foundation

/// `asrctl restore FILE [--dry-run]`.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Check a backup archive and restore it into the current directory.",
        discussion:
            "Every file's SHA-256 is checked against the archive's manifest first. Files that would be replaced are saved in backups/asr_config_pre_restore_<time>.tar.gz before anything is written; files not in the archive are never deleted."
    )

    @Argument(help: "The archive (asr_config_backup_YYYYMMDD.tar.gz).")
    var archive: String

    @Flag(name: .customLong("dry-run"), help: "Say what would be created, replaced or left unchanged; change nothing.")
    var dryRun = false

    func run() throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        do {
            let report = try ConfigRestore().restore(URL(fileURLWithPath: archive), into: root, dryRun: dryRun)
            print(report.description)
        } catch {
            StandardError.write("restore: \(error)")
            throw ExitCode(ExitCodes.operationFailed)
        }
    }
}
