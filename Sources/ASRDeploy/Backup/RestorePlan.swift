/// What restoring an archive into a directory would do, file by file. Computing it
/// changes nothing; it is what `restore --dry-run` shows.
package struct RestorePlan: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Absolute path of the archive.
    package let archivePath: String
    /// Absolute path of the directory restored into.
    package let rootPath: String
    /// The verified manifest of the archive.
    package let manifest: BackupManifest
    /// One entry per archived file, sorted by path.
    package let entries: [RestorePlanEntry]

    /// Creates a plan.
    package init(archivePath: String, rootPath: String, manifest: BackupManifest, entries: [RestorePlanEntry]) {
        self.archivePath = archivePath
        self.rootPath = rootPath
        self.manifest = manifest
        self.entries = entries
    }

    /// Paths with the given action.
    package func paths(_ action: RestoreAction) -> [String] {
        entries.filter { $0.action == action }.map(\.path)
    }

    /// Files that will be created.
    package var created: [String] { paths(.create) }
    /// Files whose contents will be replaced.
    package var replaced: [String] { paths(.replace) }
    /// Files whose mode alone will change.
    package var modeUpdated: [String] { paths(.updateMode) }
    /// Files already as archived.
    package var unchanged: [String] { paths(.unchanged) }
    /// Whether restoring changes anything at all.
    package var hasChanges: Bool { entries.contains { $0.action.changesFile } }

    /// A one-line count of the actions, e.g. `2 to create, 1 to replace, 0 mode-only, 5 unchanged`.
    package var summary: String {
        "\(created.count) to create, \(replaced.count) to replace, \(modeUpdated.count) mode-only, \(unchanged.count) unchanged"
    }

    package var description: String {
        ([
            "Backup \(archivePath) (made \(manifest.createdAt.ISO8601Format()) on \(manifest.hostName) by asrctl \(manifest.asrctlVersion)) into \(rootPath):"
        ] + entries.map { "  \($0)" } + [summary]).joined(separator: "\n")
    }
}
