/// What restoring would do (or did) to one file.
package enum RestoreAction: String, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file does not exist and will be created.
    case create
    /// The file exists with different contents and will be replaced (after a safety copy).
    case replace
    /// The contents are identical but the permission bits differ; only the mode changes.
    case updateMode = "update-mode"
    /// The file already has the archived contents and mode; nothing to do.
    case unchanged

    /// Whether this action changes the file system.
    package var changesFile: Bool { self != .unchanged }

    package var description: String { rawValue }
}
