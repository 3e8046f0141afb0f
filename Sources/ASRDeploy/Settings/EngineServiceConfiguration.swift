import ASRContracts
import Foundation

/// The engine that the Compose deployment runs as a service of its own, beside the runtime
/// (`engine_service.*`) — an OpenAI-compatible server, or a FunASR runtime WebSocket server when
/// `ASR_UPSTREAM_PROTOCOL` is `funasr-ws`: rendered only when `image` is set.
package struct EngineServiceConfiguration: Sendable, Equatable {
    /// The Compose service's name, and the engine's host name on the Compose network.
    package static let serviceName = "asr-engine"

    /// The engine's image; nil (or empty) when no engine service is rendered.
    package var image: String?
    /// The port the engine listens on inside its container.
    package var port: Int
    /// The command its container runs; nil keeps the image's.
    package var command: [String]?
    package var resources: ResourceConfiguration
    /// `NAME=value` pairs for its environment, as written.
    package var environment: [String]
    /// A file of `NAME=value` lines Compose reads into its environment; only the path is rendered.
    package var envFile: String?
    /// Mounts as `SOURCE:TARGET[:ro|rw]`.
    package var volumes: [String]
    /// How the runtime speaks to it (`ASR_UPSTREAM_PROTOCOL`).
    package var wireProtocol: UpstreamProtocol
    /// The health check's command; nil: `defaultHealthcheckTest`.
    package var healthcheckTest: [String]?
    package var healthcheckInterval: String
    package var healthcheckTimeout: String
    package var healthcheckRetries: Int
    package var healthcheckStartPeriod: String

    init(reading settings: SettingReader) {
        image = settings.value("engine_service.image")?.textValue
        port = settings.integer("engine_service.port")
        command = settings.value("engine_service.command")?.listValue
        resources = ResourceConfiguration(reading: settings, container: "engine_service")
        environment = settings.list("engine_service.environment")
        envFile = settings.value("engine_service.env_file")?.textValue
        volumes = settings.list("engine_service.volumes")
        healthcheckTest = settings.value("engine_service.healthcheck_test")?.listValue
        healthcheckInterval = settings.text("engine_service.healthcheck_interval")
        healthcheckTimeout = settings.text("engine_service.healthcheck_timeout")
        healthcheckRetries = settings.integer("engine_service.healthcheck_retries")
        healthcheckStartPeriod = settings.text("engine_service.healthcheck_start_period")
        wireProtocol = UpstreamProtocol(rawValue: settings.text(RuntimeSettings.upstreamProtocol.id)) ?? .openAI
    }

    /// The image when an engine service is rendered: `image`, unless it is unset or blank.
    package var renderedImage: String? {
        guard let image = image?.trimmingCharacters(in: .whitespaces), !image.isEmpty else { return nil }
        return image
    }

    /// Where the runtime reaches the engine on the Compose network: `http://asr-engine:<port>`
    /// (`ws://` for a FunASR server).
    package var networkURL: String { "\(wireProtocol.schemes[0])://\(Self.serviceName):\(port)" }

    /// `env_file` when one is named (blank counts as none).
    package var renderedEnvFile: String? {
        guard let file = envFile?.trimmingCharacters(in: .whitespaces), !file.isEmpty else { return nil }
        return file
    }

    /// `environment` split at each entry's first `=` (no `=`: an empty value), in order.
    package var environmentPairs: [(name: String, value: String)] {
        environment.map { entry in
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }

    /// `volumes` parsed; nil for an entry that is not a mount (the `engine-service` rule says which).
    package var mounts: [EngineServiceMount?] { volumes.map(EngineServiceMount.init(parsing:)) }

    /// Whether `url` reaches this service: its host is the service's name.
    package func isReached(by url: String) -> Bool {
        UpstreamAddress(url)?.url.host?.lowercased() == Self.serviceName
    }
}
