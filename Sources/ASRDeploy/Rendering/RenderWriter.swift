import Digests
import Foundation

/// Writes rendered files into an output directory without losing the user's edits: a file on
/// disk that differs from what asrctl last wrote there is copied to `NAME.bak.<timestamp>` first.
public enum RenderWriter {
    /// What happened to one file.
    public enum Outcome: Sendable, Equatable {
        case created
        case unchanged
        case updated
        /// Updated; the user's edited version was kept at this path.
        case updatedKeepingEdits(backup: String)
    }

    /// Writes `files` into `directory`, records their hashes in the workspace state, and
    /// returns each file's path and outcome.
    package static func write(
        _ files: [RenderedFile],
        to directory: URL,
        workspace: Workspace,
        now: Date = Date()
    ) throws -> [(path: String, outcome: Outcome)] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var state = try workspace.loadState()
        var results: [(String, Outcome)] = []
        for file in files {
            let url = directory.appendingPathComponent(file.name)
            let key = url.standardizedFileURL.path
            let newHash = sha256(Data(file.contents.utf8))
            var outcome = Outcome.created
            if let existing = FileManager.default.contents(atPath: url.path) {
                let existingHash = sha256(existing)
                if existingHash == newHash {
                    outcome = .unchanged
                } else if let recorded = state.renderedFiles[key], recorded == existingHash {
                    outcome = .updated
                } else {
                    let backup = url.appendingPathExtension("bak.\(Tuner.timestamp(now))")
                    try? FileManager.default.removeItem(at: backup)
                    try FileManager.default.copyItem(at: url, to: backup)
                    outcome = .updatedKeepingEdits(backup: backup.path)
                }
            }
            if outcome != .unchanged {
                try Data(file.contents.utf8).write(to: url, options: .atomic)
            }
            state.renderedFiles[key] = newHash
            results.append((url.path, outcome))
        }
        try workspace.saveState(state)
        return results
    }

    static func sha256(_ data: Data) -> String {
        SHA256Digest.hex(data)
    }
}
