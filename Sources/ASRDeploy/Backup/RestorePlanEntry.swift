/// One file of a restore plan: where it goes and what happens to it.
public struct RestorePlanEntry: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Path relative to the restore root.
    public let path: String
    /// What restore does to it.
    public let action: RestoreAction
    /// Size in bytes of the archived file.
    public let size: Int
    /// Permission bits the restored file gets.
    public let mode: Int
    /// Permission bits of the file currently on disk, if it exists.
    public let currentMode: Int?

    /// Creates a plan entry.
    public init(path: String, action: RestoreAction, size: Int, mode: Int, currentMode: Int?) {
        self.path = path
        self.action = action
        self.size = size
        self.mode = mode
        self.currentMode = currentMode
    }

    public var description: String {
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
