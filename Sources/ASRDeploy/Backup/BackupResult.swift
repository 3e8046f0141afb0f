import Foundation

/// What `ConfigBackup.create` produced.
public struct BackupResult: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Absolute path of the new archive (mode 0600).
    public let archivePath: String
    /// The name the archive would have had if it were free, e.g. `asr_config_backup_20250131.tar.gz`.
    public let preferredFileName: String
    /// Size of the archive in bytes.
    public let archiveSize: Int
    /// The manifest stored inside the archive.
    package let manifest: BackupManifest
    /// Paths that were not included, and why (missing include paths among them).
    package let skipped: [BackupSkippedPath]

    /// Creates a result.
    package init(
        archivePath: String,
        preferredFileName: String,
        archiveSize: Int,
        manifest: BackupManifest,
        skipped: [BackupSkippedPath]
    ) {
        self.archivePath = archivePath
        self.preferredFileName = preferredFileName
        self.archiveSize = archiveSize
        self.manifest = manifest
        self.skipped = skipped
    }

    /// The archive as a file URL.
    public var archiveURL: URL { URL(fileURLWithPath: archivePath) }

    /// The archive's file name, e.g. `asr_config_backup_20250131_2.tar.gz`.
    public var fileName: String { archiveURL.lastPathComponent }

    /// Whether an archive with the preferred name already existed, so a `_2`, `_3`, …
    /// suffix was used instead of overwriting it.
    public var avoidedOverwrite: Bool { fileName != preferredFileName }

    /// Requested include paths that did not exist.
    public var missingPaths: [String] { manifest.missingPaths }

    /// A few lines for an operator: where the archive is, what it holds, what was skipped.
    public var description: String {
        var lines = [
            "Backed up \(manifest.files.count) file(s), \(manifest.totalSize) bytes, to \(archivePath) (mode 0600, \(archiveSize) bytes)"
        ]
        if avoidedOverwrite {
            lines.append("note: \(preferredFileName) already exists and was kept; this backup is \(fileName)")
        }
        lines += skipped.map { "skipped \($0)" }
        return lines.joined(separator: "\n")
    }
}
