import Foundation

/// Where a deployment's files live: the profiles directory (with `presets/`) and the state
/// directory that records the active preset and rendered files.
public struct Workspace: Sendable {
    public let profilesDirectory: URL
    public let stateDirectory: URL

    public init(profilesDirectory: URL, stateDirectory: URL) {
        self.profilesDirectory = profilesDirectory
        self.stateDirectory = stateDirectory
    }

    public var presetsDirectory: URL { profilesDirectory.appendingPathComponent("presets") }
    public var stateFile: URL { stateDirectory.appendingPathComponent("state.json") }

    /// Every `*.yaml`/`*.yml` directly in the profiles directory, sorted by name.
    public func profileFiles() throws -> [URL] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: profilesDirectory.path)
        } catch {
            throw ConfigurationError([
                Diagnostic(
                    .error,
                    at: nil,
                    key: nil,
                    "cannot read the profiles directory \(profilesDirectory.path): \(error.localizedDescription); pass --profiles DIR"
                )
            ])
        }
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard !files.isEmpty else {
            throw ConfigurationError([Diagnostic(.error, at: nil, key: nil, "no *.yaml profiles in \(profilesDirectory.path)")])
        }
        return files.map { profilesDirectory.appendingPathComponent($0) }
    }

    /// Names of the presets in `presets/` (file names without `.yaml`).
    public func presetNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: presetsDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The file of preset `name`, or an error listing the presets that exist.
    public func presetFile(_ name: String) throws -> URL {
        let url = presetsDirectory.appendingPathComponent("\(name).yaml")
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = presetNames()
            throw ConfigurationError([
                Diagnostic(
                    .error,
                    at: nil,
                    key: "preset",
                    "no preset '\(name)' in \(presetsDirectory.path); available: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
                )
            ])
        }
        return url
    }

    /// The recorded state; an empty state when none was recorded yet.
    package func loadState() throws -> DeploymentState {
        guard FileManager.default.fileExists(atPath: stateFile.path) else { return DeploymentState() }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(DeploymentState.self, from: Data(contentsOf: stateFile))
        } catch {
            throw ConfigurationError([Diagnostic(.error, at: nil, key: nil, "cannot read \(stateFile.path): \(error)")])
        }
    }

    /// Writes the state atomically.
    package func saveState(_ state: DeploymentState) throws {
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(state).write(to: stateFile, options: .atomic)
    }

    /// The configuration request for this workspace: its profiles, `preset` (if any), and the
    /// user's values files and overrides.
    public func request(
        preset: String?,
        valuesFiles: [URL] = [],
        overrides: [String] = [],
        strict: Bool = false
    )
        throws -> ConfigurationRequest
    {
        ConfigurationRequest(
            profileFiles: try profileFiles(),
            presetFile: try preset.map { try presetFile($0) },
            valuesFiles: valuesFiles,
            overrides: overrides,
            strict: strict
        )
    }
}
