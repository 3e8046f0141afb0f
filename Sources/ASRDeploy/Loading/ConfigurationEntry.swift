import ASRContracts

/// One setting's effective value and where it came from.
package struct ConfigurationEntry: Sendable {
    package let setting: Setting
    /// `nil` when the setting is unset (optional settings only).
    package let value: SettingValue?
    package let source: ConfigSource

    /// Whether the setting is one of the runtime's (`RuntimeSettings`): an `ASR_*` variable the
    /// service reads.
    package var isRuntimeSetting: Bool { RuntimeSettings.named(setting.id) != nil }
}
