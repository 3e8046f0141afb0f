import ASRContracts

/// What an engine service implies for the runtime's upstream settings that nothing set: with
/// `engine_service.image` named, the runtime's upstream is that service, so `ASR_UPSTREAM_URL`
/// left out (or empty) is `http://asr-engine:<engine_service.port>`, its address on the Compose
/// network. Derived values show as such in `config --explain`.
enum EngineServiceDefaults {
    /// Adds the derived values to `values` (setting id → value and source), which holds what
    /// the layers set.
    static func derive(_ values: inout [String: (SettingValue, ConfigSource)]) {
        let typed = DeploymentConfiguration(reading: SettingReader(effective(values)))
        let service = typed.engineService
        guard let image = service.renderedImage else { return }
        let url = RuntimeSettings.upstreamURL.id
        if typed.runtime.upstreamURL.trimmingCharacters(in: .whitespaces).isEmpty {
            values[url] = (.text(service.networkURL), .derived("engine_service.image \(image) on engine_service.port \(service.port)"))
        }
    }

    /// Every setting's value: the set ones, else the default.
    private static func effective(_ values: [String: (SettingValue, ConfigSource)]) -> [String: SettingValue] {
        var result: [String: SettingValue] = [:]
        for setting in SettingsCatalog.all {
            if let value = values[setting.id]?.0 ?? setting.defaultValue { result[setting.id] = value }
        }
        return result
    }
}
