/// One setting's effective value and where it came from.
package struct ConfigurationEntry: Sendable {
    package let setting: Setting
    /// `nil` when the setting is unset (optional settings only).
    package let value: SettingValue?
    package let source: ConfigSource
}
