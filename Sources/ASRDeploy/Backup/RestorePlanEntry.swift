/// One file of a restore plan: where it goes and what happens to it.
package struct RestorePlanEntry: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Path relative to the restore root.
    package let path: String
    /// What restore does to it.
    package let action: RestoreAction
    /// Size in bytes of the archived file.
    package let size: Int
    /// Permission bits the restored file gets.
    package let mode: Int
    /// Permission bits of the file currently on disk, if it exists.
    package let currentMode: Int?

    /// Creates a plan entry.
    package init(path: String, action: RestoreAction, size: Int, mode: Int, currentMode: Int?) {
        self.path = path
        self.action = action
        self.size = size
        self.mode = mode
        self.currentMode = currentMode
    }

    package var description: String {
        switch action {
        case .create: return "create    \(path) (\(size) bytes, mode \(BackupFileSystem.octal(mode)))"
        case .replace: return "replace   \(path) (\(size) bytes, mode \(BackupFileSystem.octal(mode)))"
        case .updateMode:
            let from = currentMode.map(BackupFileSystem.octal) ?? "?"
            return "chmod     \(path) (\(from) -> \(BackupFileSystem.octal(mode)), contents identical)"
        case .unchanged: return "unchanged \(path)"
        }
    }
}
