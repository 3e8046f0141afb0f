import ASRContracts

/// The configuration a command acts on: every setting's value after layering defaults,
/// profiles, the active preset, `--values` files and `--set` arguments.
public struct EffectiveConfiguration: Sendable {
    /// Every setting, in catalog order.
    package let entries: [ConfigurationEntry]
    /// Warnings and no-effect notes found while loading (errors are thrown instead).
    public let diagnostics: [Diagnostic]
    /// The preset applied, if any.
    public let presetName: String?
    /// Every setting as a typed value: how commands read the configuration.
    package let typed: DeploymentConfiguration

    private let index: [String: Int]

    init(entries: [ConfigurationEntry], diagnostics: [Diagnostic], presetName: String?) {
        self.entries = entries
        self.diagnostics = diagnostics
        self.presetName = presetName
        self.index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.setting.id, $0) })
        self.typed = DeploymentConfiguration(
            reading: SettingReader(Dictionary(uniqueKeysWithValues: entries.compactMap { entry in entry.value.map { (entry.setting.id, $0) } }))
        )
    }

    /// The entry of setting `id`: its value and where it came from.
    package func entry(_ id: String) -> ConfigurationEntry? {
        index[id].map { entries[$0] }
    }

    /// Every runtime setting as `ASR_*` environment variables, in `RuntimeSettings` order.
    public var runtimeEnvironment: [(name: String, value: String)] {
        entries.compactMap { entry in
            guard entry.isRuntimeSetting, let value = entry.value else { return nil }
            return (entry.setting.id, value.description)
        }
    }

    /// Settings whose value differs from the built-in default.
    package var changedFromDefault: [ConfigurationEntry] {
        entries.filter { $0.value != $0.setting.defaultValue }
    }
}
