import ASRContracts

/// A value given to a setting by one file or argument.
package struct Assignment: Sendable, Hashable {
    package let settingID: String
    package let value: SettingValue
    /// The key path as written in the file (or the `--set` argument).
    package let key: String
    package let location: SourceLocation?

    package init(settingID: String, value: SettingValue, key: String, location: SourceLocation?) {
        self.settingID = settingID
        self.value = value
        self.key = key
        self.location = location
    }
}
