import Foundation

/// What `asrctl` remembers between commands, in `<state dir>/state.json`: the active preset
/// (applied by `render` and `deploy`) and the files it rendered, with their hashes, so that a
/// later render can tell the user's own edits from its own output.
public struct DeploymentState: Codable, Sendable, Equatable {
    /// One change of the active preset.
    public struct PresetChange: Codable, Sendable, Equatable {
        public var at: Date
        public var from: String?
        public var to: String?
        public var reason: String
    }

    public var activePreset: String?
    public var history: [PresetChange]
    /// Rendered file path (as written) → SHA-256 of the content asrctl wrote.
    public var renderedFiles: [String: String]

    public init(activePreset: String? = nil, history: [PresetChange] = [], renderedFiles: [String: String] = [:]) {
        self.activePreset = activePreset
        self.history = history
        self.renderedFiles = renderedFiles
    }

    enum CodingKeys: String, CodingKey {
        case activePreset = "active_preset"
        case history
        case renderedFiles = "rendered_files"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        activePreset = try container.decodeIfPresent(String.self, forKey: .activePreset)
        history = try container.decodeIfPresent([PresetChange].self, forKey: .history) ?? []
        renderedFiles = try container.decodeIfPresent([String: String].self, forKey: .renderedFiles) ?? [:]
    }
}
