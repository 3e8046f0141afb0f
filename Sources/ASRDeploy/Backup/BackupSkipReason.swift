/// Why a path under an include path was left out of a backup.
package enum BackupSkipReason: String, Sendable, Hashable, Codable {
    /// The requested path does not exist.
    case missing
    /// A symbolic link; links are not followed or stored (restore writes regular files only).
    case symbolicLink = "symbolic-link"
    /// A socket, FIFO or device.
    case specialFile = "special-file"
    /// The backup output directory itself (so backups never contain older backups).
    case outputDirectory = "output-directory"
}
