import Foundation

/// What `asrctl tune` would do: switch the active preset and, with it, these settings.
public struct TunePlan: Sendable {
    public let fromPreset: String?
    public let toPreset: String?
    package let changes: [SettingChange]
    /// Warnings of the configuration after the change (e.g. more workers than pinned CPUs).
    public let warnings: [Diagnostic]
    /// The preset's values that are not applied, and why (a decoder setting while every request
    /// goes to the upstream).
    public let notApplied: [Diagnostic]

    /// Computes the plan by loading the configuration with the current and with the new preset.
    public static func make(
        workspace: Workspace,
        to preset: String?,
        valuesFiles: [URL] = [],
        overrides: [String] = []
    ) throws -> TunePlan {
        let current = try workspace.loadState().activePreset
        let before = try ConfigurationLoader.load(workspace.request(preset: current, valuesFiles: valuesFiles, overrides: overrides))
        let after = try ConfigurationLoader.load(workspace.request(preset: preset, valuesFiles: valuesFiles, overrides: overrides))
        let changes = zip(before.entries, after.entries).compactMap { old, new -> SettingChange? in
            guard old.value != new.value else { return nil }
            return SettingChange(id: new.setting.id, old: old.value, new: new.value, newSource: new.source)
        }
        return TunePlan(
            fromPreset: current,
            toPreset: preset,
            changes: changes,
            warnings: after.diagnostics.filter { $0.severity == .warning },
            notApplied: after.diagnostics.filter { $0.severity == .noEffect && $0.message.hasPrefix("preset ") }
        )
    }
}
