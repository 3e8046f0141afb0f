import Foundation

/// What `asrctl` remembers between commands, in `<state dir>/state.json`: the active preset
/// (applied by `render` and `deploy`) and the files it rendered, with their hashes, so that a
/// later render can tell the user's own edits from its own output.
package struct DeploymentState: Codable, Sendable, Equatable {
    /// One change of the active preset.
    package struct PresetChange: Codable, Sendable, Equatable {
        package var at: Date
        package var from: String?
        package var to: String?
        package var reason: String
    }

    package var activePreset: String?
    package var history: [PresetChange]
    /// Rendered file path (as written) → SHA-256 of the content asrctl wrote.
    package var renderedFiles: [String: String]

    package init(activePreset: String? = nil, history: [PresetChange] = [], renderedFiles: [String: String] = [:]) {
        self.activePreset = activePreset
        self.history = history
        self.renderedFiles = renderedFiles
    }

    enum CodingKeys: String, CodingKey {
        case activePreset = "active_preset"
        case history
        case renderedFiles = "rendered_files"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        activePreset = try container.decodeIfPresent(String.self, forKey: .activePreset)
        history = try container.decodeIfPresent([PresetChange].self, forKey: .history) ?? []
        renderedFiles = try container.decodeIfPresent([String: String].self, forKey: .renderedFiles) ?? [:]
    }
}
