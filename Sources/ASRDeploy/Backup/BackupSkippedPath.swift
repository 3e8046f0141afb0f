/// A path that a backup did not include, and why; reported, never fatal.
package struct BackupSkippedPath: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Path relative to the project root.
    package let path: String
    /// Why it was skipped.
    package let reason: BackupSkipReason

    /// Creates a record of a skipped path.
    package init(path: String, reason: BackupSkipReason) {
        self.path = path
        self.reason = reason
    }

    package var description: String {
        switch reason {
        case .missing: return "\(path): not found, skipped"
        case .symbolicLink: return "\(path): symbolic link, not backed up"
        case .specialFile: return "\(path): not a regular file, not backed up"
        case .outputDirectory: return "\(path): is the backup output directory, not backed up"
        }
    }
}
