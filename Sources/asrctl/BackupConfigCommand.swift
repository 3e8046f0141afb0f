import ASRDeploy
import ArgumentParser
import Foundation

/// `asrctl backup-config [--out DIR] [--remote USER@HOST:PATH]`.
struct BackupConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup-config",
        abstract: "Archive profiles, presets, the active state and rendered files as asr_config_backup_YYYYMMDD.tar.gz (mode 0600).",
        discussion:
            "An existing archive is never overwritten: a second backup on the same day gets _2, _3, ... The archive carries a MANIFEST.json with each file's SHA-256, checked by `asrctl restore`."
    )

    @Option(help: "Directory for the archive.")
    var out: String = ConfigBackup.defaultOutputDirectoryName

    @Option(help: "Also copy the archive with scp to USER@HOST:PATH (batch mode, no password prompt).")
    var remote: String?

    @Option(
        name: .customLong("include"),
        help: "Paths to back up, relative to the current directory (repeatable; default: profiles, .asrctl, deploy)."
    )
    var include: [String] = []

    func run() throws {
        let destination: RemoteDestination?
        do {
            destination = try remote.map { try RemoteDestination(parsing: $0) }
        } catch {
            throw ValidationError("\(error)")
        }
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let backup = ConfigBackup(projectRoot: root, includePaths: include.isEmpty ? ConfigBackup.defaultIncludePaths : include)
        let result: BackupResult
        do {
            result = try backup.create(in: URL(fileURLWithPath: out, relativeTo: root))
        } catch {
            StandardError.write("backup-config: \(error)")
            throw ExitCode(ExitCodes.operationFailed)
        }
        print(result.description)
        if let destination {
            do {
                try ConfigBackup.copy(result.archiveURL, to: destination)
                print("copied to \(destination)")
            } catch {
                StandardError.write("backup-config: \(error) (the local archive \(result.archivePath) is kept)")
                throw ExitCode(ExitCodes.checkFailed)
            }
        }
    }
}
