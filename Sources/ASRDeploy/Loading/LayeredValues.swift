import ASRContracts

/// The values the configuration layers set so far, by setting id, each with where it came from;
/// a setting no layer set is absent.
typealias LayeredValues = [String: (SettingValue, ConfigSource)]

extension Dictionary where Key == String, Value == (SettingValue, ConfigSource) {
    /// The configuration these values make, every setting no layer set at its default: for the
    /// steps of loading that depend on settings together (which engines serve requests).
    var typedView: DeploymentConfiguration {
        var values: [String: SettingValue] = [:]
        for setting in SettingsCatalog.all {
            if let value = self[setting.id]?.0 ?? setting.defaultValue { values[setting.id] = value }
        }
        return DeploymentConfiguration(reading: SettingReader(values))
    }
}
