/// A value given to a setting by one file or argument.
public struct Assignment: Sendable, Hashable {
    public let settingID: String
    public let value: SettingValue
    /// The key path as written in the file (or the `--set` argument).
    public let key: String
    public let location: SourceLocation?

    public init(settingID: String, value: SettingValue, key: String, location: SourceLocation?) {
        self.settingID = settingID
        self.value = value
        self.key = key
        self.location = location
    }
}
