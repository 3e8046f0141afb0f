/// A value that a setting does not accept, with what it does accept.
public struct SettingValueError: Error, Sendable, Hashable, CustomStringConvertible {
    public let setting: String
    public let value: String
    public let allowed: String

    public var description: String {
        "\"\(value)\" is not allowed for \(setting); expected \(allowed)"
    }
}
