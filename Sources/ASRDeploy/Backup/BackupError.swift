import Foundation

/// Why a backup, restore or remote copy could not be done.
///
/// Every description names the file (archive, path or remote) and the problem, so it
/// can be printed to an operator as is.
package enum BackupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An include path given to `ConfigBackup` is unusable (absolute, `..`, reserved).
    case invalidIncludePath(path: String, reason: String)
    /// None of the include paths exists (or they hold no files) under the project root.
    case nothingToBackUp(root: String, requested: [String])
    /// A file or directory could not be read, created or written.
    case fileSystem(path: String, problem: String)
    /// Every candidate archive name (`_2` … `_999`) is already taken.
    case archiveNamesExhausted(directory: String, baseName: String)
    /// A required program (`tar`, `gzip`, `scp`) is not installed.
    case toolMissing(tool: String)
    /// A program failed; `status` is nil when it could not be started.
    case toolFailed(tool: String, status: Int32?, message: String)
    /// The archive is missing, not gzip, truncated or not a tar archive.
    case archiveUnreadable(archive: String, reason: String)
    /// The archive holds a member that must never be extracted (absolute path, `..`,
    /// link, device, duplicate).
    case unsafeEntry(archive: String, entry: String, reason: String)
    /// The archive has no `MANIFEST.json`.
    case manifestMissing(archive: String)
    /// `MANIFEST.json` cannot be decoded or contradicts itself.
    case manifestInvalid(archive: String, reason: String)
    /// `MANIFEST.json` has a format version this asrctl does not know.
    case unsupportedManifestVersion(archive: String, version: Int)
    /// A file does not match its manifest entry (size or SHA-256), or is listed but absent.
    case integrityFailure(archive: String, path: String, problem: String)
    /// The archive holds a file that `MANIFEST.json` does not list.
    case unlistedFile(archive: String, path: String)
    /// Restoring would need to overwrite something that is not a regular file.
    case restoreConflict(path: String, reason: String)
    /// Writing a restored file failed part-way; `safetyArchive` holds the replaced files.
    case restoreFailed(path: String, problem: String, written: [String], safetyArchive: String?)
    /// A `--remote` spec is not `USER@HOST:PATH` or `HOST:PATH`.
    case invalidRemote(spec: String, reason: String)
    /// `scp` failed; the local archive was kept.
    case remoteCopyFailed(archive: String, destination: String, status: Int32, message: String)

    package var description: String {
        switch self {
        case .invalidIncludePath(let path, let reason):
            return "cannot back up '\(path)': \(reason)"
        case .nothingToBackUp(let root, let requested):
            let list = requested.isEmpty ? "(no paths given)" : requested.joined(separator: ", ")
            return "nothing to back up: none of \(list) exists or holds files under \(root)"
        case .fileSystem(let path, let problem):
            return "\(path): \(problem)"
        case .archiveNamesExhausted(let directory, let baseName):
            return "cannot name the backup: \(baseName).tar.gz and \(baseName)_2 … _999 all exist in \(directory)"
        case .toolMissing(let tool):
            return "'\(tool)' is not installed or not on PATH (Debian: apt-get install \(tool == "scp" ? "openssh-client" : tool))"
        case .toolFailed(let tool, let status, let message):
            let how = status.map { "exit status \($0)" } ?? "not started"
            return "\(tool) failed (\(how))\(message.isEmpty ? "" : ": \(message)")"
        case .archiveUnreadable(let archive, let reason):
            return "\(archive): not a usable backup archive: \(reason)"
        case .unsafeEntry(let archive, let entry, let reason):
            return "\(archive): refusing member '\(entry)': \(reason)"
        case .manifestMissing(let archive):
            return "\(archive): no \(BackupPath.manifestName) in the archive; not an asrctl backup, or damaged"
        case .manifestInvalid(let archive, let reason):
            return "\(archive): \(BackupPath.manifestName) is invalid: \(reason)"
        case .unsupportedManifestVersion(let archive, let version):
            return "\(archive): \(BackupPath.manifestName) format version \(version) is not supported "
                + "(this asrctl reads version \(BackupManifest.currentFormatVersion))"
        case .integrityFailure(let archive, let path, let problem):
            return "\(archive): integrity check failed for '\(path)': \(problem)"
        case .unlistedFile(let archive, let path):
            return "\(archive): '\(path)' is in the archive but not listed in \(BackupPath.manifestName)"
        case .restoreConflict(let path, let reason):
            return "cannot restore '\(path)': \(reason); nothing was changed"
        case .restoreFailed(let path, let problem, let written, let safetyArchive):
            var text = "restore failed at '\(path)': \(problem)"
            text += written.isEmpty ? "; no file was written" : "; already written: \(written.joined(separator: ", "))"
            if let safetyArchive { text += "; the replaced files are saved in \(safetyArchive)" }
            return text
        case .invalidRemote(let spec, let reason):
            return "invalid remote '\(spec)': \(reason); expected USER@HOST:PATH or HOST:PATH"
        case .remoteCopyFailed(let archive, let destination, let status, let message):
            let detail = message.isEmpty ? "" : ": \(message)"
            return "could not copy \(archive) to \(destination) (scp exit status \(status))\(detail); "
                + "the local archive is kept at \(archive)"
        }
    }
}

extension BackupError {
    /// Runs `tool` with `subprocess`, turning a program that is not installed or cannot start
    /// into `toolMissing` or `toolFailed`.
    static func run(
        _ subprocess: Subprocess,
        _ tool: String,
        _ arguments: [String],
        standardOutput: FileHandle? = nil
    ) throws(BackupError) -> Subprocess.Result {
        do {
            return try subprocess.start(tool, arguments, standardOutput: standardOutput)
        } catch {
            switch error {
            case .notInstalled: throw .toolMissing(tool: tool)
            case .couldNotStart(_, let reason): throw .toolFailed(tool: tool, status: nil, message: "could not start: \(reason)")
            }
        }
    }
}
