import ASRContracts

/// The effective configuration as typed values, one property per setting: how code reads a
/// setting (`config.typed.runtime.port`, `config.typed.redis.maxmemory`), never by its id.
///
/// Only the initialisers of these views name setting ids. `DeploymentConfigurationTests` holds
/// them to `SettingsCatalog`: every setting is reachable from a property, and each property reads
/// the setting it claims.
package struct DeploymentConfiguration: Sendable, Equatable {
    /// The `ASR_*` settings, as the runtime reads them.
    package var runtime: RuntimeConfiguration
    /// The ASR container (`container.*`).
    package var container: ContainerConfiguration
    /// The Redis L2 cache and its container (`redis.*`).
    package var redis: RedisConfiguration
    /// The engine's own Compose service (`engine_service.*`).
    package var engineService: EngineServiceConfiguration
    /// The Compose network (`network.*`).
    package var network: NetworkConfiguration
    /// `asrctl monitor` (`monitor.*`).
    package var monitor: MonitorConfiguration
    /// glibc malloc tuning in the runtime's environment (`env.MALLOC_*`).
    package var malloc: MallocConfiguration

    /// - Parameter settings: a parsed value for every setting of `SettingsCatalog` that is set.
    package init(reading settings: SettingReader) {
        runtime = RuntimeConfiguration(reading: settings)
        container = ContainerConfiguration(reading: settings)
        redis = RedisConfiguration(reading: settings)
        engineService = EngineServiceConfiguration(reading: settings)
        network = NetworkConfiguration(reading: settings)
        monitor = MonitorConfiguration(reading: settings)
        malloc = MallocConfiguration(reading: settings)
    }

    /// Whether the runtime's upstream is the engine service Compose runs beside it, reachable only
    /// on the Compose network (so `check-host` cannot ask it, and only Compose can deploy it).
    package var upstreamIsEngineService: Bool {
        engineService.renderedImage != nil && engineService.isReached(by: runtime.upstreamURL)
    }

    /// Every setting at its built-in default: the deployment guide's values.
    package static let defaults = DeploymentConfiguration(
        reading: SettingReader(
            Dictionary(uniqueKeysWithValues: SettingsCatalog.all.compactMap { setting in setting.defaultValue.map { (setting.id, $0) } })
        )
    )
}
