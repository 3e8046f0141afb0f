/// One setting's effective value and where it came from.
public struct ConfigurationEntry: Sendable {
    public let setting: Setting
    /// `nil` when the setting is unset (optional settings only).
    public let value: SettingValue?
    public let source: ConfigSource
}
