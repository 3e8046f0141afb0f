/// A value that a setting does not accept, with what it does accept.
package struct SettingValueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The setting's id (`ASR_QUEUE_SIZE`, `container.cpus_limit`).
    package let setting: String
    /// The offending raw value.
    package let value: String
    /// What the setting accepts.
    package let allowed: String

    package init(setting: String, value: String, allowed: String) {
        self.setting = setting
        self.value = value
        self.allowed = allowed
    }

    package var description: String {
        "\"\(value)\" is not allowed for \(setting); expected \(allowed)"
    }
}
