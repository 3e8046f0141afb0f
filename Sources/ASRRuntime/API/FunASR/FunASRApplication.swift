import ASRContracts
import Hummingbird
import HummingbirdWebSocket
import Logging

/// The FunASR runtime WebSocket protocol on `ASR_HOST:ASR_FUNASR_PORT`, a listener of its own
/// as FunASR's servers have (port 10095), so xiaozhi-esp32-server's FunASRServer provider — or
/// any FunASR client — can use the runtime in place of a FunASR server. Plain HTTP requests on
/// this port get 426 Upgrade Required.
package func buildFunASRApplication(services: RuntimeServices, logger: Logger) -> some ApplicationProtocol {
    let configuration = services.configuration
    let router = Router()
    router.get("/**") { _, _ -> Response in
        Response(
            status: .upgradeRequired,
            headers: [.upgrade: "websocket"],
            body: .init(byteBuffer: .init(string: "this port speaks the FunASR WebSocket protocol; the HTTP API is on ASR_PORT\n"))
        )
    }
    return Application(
        router: router,
        server: .http1WebSocketUpgrade(
            webSocketRouter: buildFunASRRouter(services: services),
            configuration: .init(
                http1: .init(idleTimeout: .seconds(Int64(configuration.networkTimeout))),
                // A FunASR client may send a whole utterance as one binary message (the
                // FunASRServer provider does): up to the longest audio a request may carry.
                ws: .init(maxFrameSize: FunASRConnection.maximumMessageBytes, closeTimeout: .seconds(Int64(configuration.networkTimeout)))
            )
        ),
        configuration: .init(address: .hostname(configuration.host, port: configuration.funASRPort), serverName: "asr-runtime-funasr"),
        logger: logger
    )
}
