import ASRContracts
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle

/// The ASR runtime on `ASR_HOST:ASR_PORT`: the HTTP API, and the devices' WebSocket
/// `/xiaozhi/v1/` on the same port (the FunASR protocol has its own, see
/// `buildFunASRApplication`) (HTTP/1 with WebSocket upgrade). An idle HTTP connection —
/// a client stalled mid-body — is closed after `ASR_NETWORK_TIMEOUT`; a device stream that
/// stalls while listening is closed by its session after the same time.
package func buildApplication(services: RuntimeServices, logger: Logger) -> some ApplicationProtocol {
    let configuration = services.configuration
    let timeout = Int64(configuration.networkTimeout)
    return Application(
        router: buildRouter(services: services),
        server: .http1WebSocketUpgrade(
            webSocketRouter: buildDeviceRouter(services: services),
            configuration: .init(
                http1: .init(idleTimeout: .seconds(timeout)),
                // Opus packets are small; 64 KiB leaves room for any JSON message. A device that
                // does not answer a close within the timeout is dropped.
                ws: .init(
                    maxFrameSize: 1 << 16,
                    autoPing: .enabled(timePeriod: .seconds(30)),
                    closeTimeout: .seconds(timeout)
                )
            )
        ),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "asr-runtime"),
        logger: logger
    )
}

/// Runs the runtime until SIGTERM/SIGINT: models load while the server already answers
/// /health with 503; on SIGTERM new work (and /health) gets 503 while the listener stays open
/// until every request in flight is answered, then the listener closes, decoders and Redis
/// stop, and `run` returns (exit 0).
public enum RuntimeServer {
    public static func run(
        configuration: RuntimeConfiguration,
        profileName: String = "4core_8gb",
        logger: Logger = Logger(label: "asr.runtime")
    ) async throws {
        let services = try RuntimeServices(configuration: configuration, profileName: profileName, logger: logger)
        // Graceful shutdown runs in reverse order: drain first (503 to new work until nothing
        // admitted is left), then the listeners close, then the decoders stop.
        var listeners: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: buildApplication(services: services, logger: logger))]
        if configuration.funASRPort != 0 {
            listeners.append(.init(service: buildFunASRApplication(services: services, logger: logger)))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: ModelLifecycleService(services: services))] + listeners + [
                    .init(service: DrainOnShutdownService(services: services))
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}
