/// A value that a setting does not accept, with what it does accept.
package struct SettingValueError: Error, Sendable, Hashable, CustomStringConvertible {
    package let setting: String
    package let value: String
    package let allowed: String

    package var description: String {
        "\"\(value)\" is not allowed for \(setting); expected \(allowed)"
    }
}
