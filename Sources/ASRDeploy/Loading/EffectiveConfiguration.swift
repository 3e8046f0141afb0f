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

    private let index: [String: Int]

    init(entries: [ConfigurationEntry], diagnostics: [Diagnostic], presetName: String?) {
        self.entries = entries
        self.diagnostics = diagnostics
        self.presetName = presetName
        self.index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.setting.id, $0) })
    }

    /// The entry of setting `id`.
    package func entry(_ id: String) -> ConfigurationEntry? {
        index[id].map { entries[$0] }
    }

    /// The value of setting `id`, `nil` when unset.
    package func value(_ id: String) -> SettingValue? { entry(id)?.value }

    /// Integer value of a setting that always has one (a programming error otherwise).
    public func int(_ id: String) -> Int { required(id).intValue ?? 0 }
    public func double(_ id: String) -> Double { required(id).doubleValue ?? 0 }
    public func bool(_ id: String) -> Bool { required(id).boolValue ?? false }
    public func text(_ id: String) -> String { value(id)?.textValue ?? "" }
    package func size(_ id: String) -> ByteSize { required(id).sizeValue ?? ByteSize(bytes: 0, text: "0") }

    private func required(_ id: String) -> SettingValue {
        guard let value = value(id) else { preconditionFailure("setting \(id) has no value") }
        return value
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

extension EffectiveConfiguration {
    /// The first of `ASR_AUTH_TOKENS`, for tools that connect as a device; nil when none is set.
    public var firstAuthToken: String? {
        text("ASR_AUTH_TOKENS").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
    }
}
