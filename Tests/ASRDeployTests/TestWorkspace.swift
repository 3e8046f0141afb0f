import ASRDeploy
import Foundation
import TestSupport

/// A copy of the shipped profiles in a temporary directory, with its own state directory.
struct TestWorkspace {
    let directory: TemporaryDirectory
    let workspace: Workspace

    init() throws {
        directory = try TemporaryDirectory("asrctl-ws")
        let profiles = directory.file("profiles")
        try FileManager.default.copyItem(at: RepositoryPaths.profiles, to: profiles)
        workspace = Workspace(profilesDirectory: profiles, stateDirectory: directory.file(".asrctl"))
    }

    /// Loads the workspace's configuration with `preset` and overrides.
    func load(preset: String? = nil, values: [URL] = [], set: [String] = [], strict: Bool = false) throws -> EffectiveConfiguration {
        try ConfigurationLoader.load(workspace.request(preset: preset, valuesFiles: values, overrides: set, strict: strict))
    }

    /// Writes `text` to a file in the temporary directory and returns its URL.
    func write(_ name: String, _ text: String) throws -> URL {
        let url = directory.file(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

/// Loads a single file over the defaults and returns the thrown diagnostics (or none).
func loadErrors(_ url: URL, strict: Bool = false) -> [Diagnostic] {
    do {
        _ = try ConfigurationLoader.load(ConfigurationRequest(profileFiles: [url], strict: strict))
        return []
    } catch let error as ConfigurationError {
        return error.diagnostics
    } catch {
        return [Diagnostic(.error, at: nil, key: nil, "\(error)")]
    }
}
