import Foundation

/// What `deploy --dry-run` shows: each rendered file against the file deployed now, as a
/// unified diff (`diff -u`). Exit codes follow diff's: 0 no differences, 1 differences.
public struct DeploymentDiff: Sendable {
    /// One file's comparison.
    public struct FileDifference: Sendable, Equatable {
        public var name: String
        /// `nil` when the deployed copy matches; the unified diff otherwise (a new file diffs
        /// against /dev/null).
        public var unifiedDiff: String?
    }

    public let files: [FileDifference]

    public var hasDifferences: Bool { files.contains { $0.unifiedDiff != nil } }

    /// Compares `rendered` with the files of the same names in `deployedDirectory`.
    package init(rendered: [RenderedFile], deployedDirectory: URL) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("asrctl-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var files: [FileDifference] = []
        for file in rendered {
            let deployed = deployedDirectory.appendingPathComponent(file.name)
            let current = FileManager.default.contents(atPath: deployed.path)
            guard current != Data(file.contents.utf8) else {
                files.append(FileDifference(name: file.name, unifiedDiff: nil))
                continue
            }
            let candidate = scratch.appendingPathComponent(file.name)
            try Data(file.contents.utf8).write(to: candidate)
            let old = current == nil ? "/dev/null" : deployed.path
            guard
                let result = Subprocess(timeout: 30).run(
                    "diff",
                    ["-u", "--label", "deployed/\(file.name)", "--label", "rendered/\(file.name)", old, candidate.path]
                )
            else {
                throw DeploymentError.toolMissing("diff")
            }
            files.append(FileDifference(name: file.name, unifiedDiff: result.standardOutput))
        }
        self.files = files
    }
}
