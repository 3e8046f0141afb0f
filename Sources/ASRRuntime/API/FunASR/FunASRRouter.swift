import HTTPTypes
import Hummingbird
import HummingbirdWebSocket

/// The FunASR WebSocket on any path (FunASR clients connect to `ws://host:10095` or add a
/// path of their own). The `binary` subprotocol they ask for is agreed to.
package func buildFunASRRouter(services: RuntimeServices) -> Router<BasicWebSocketRequestContext> {
    let router = Router(context: BasicWebSocketRequestContext.self)
    let endpoint = FunASREndpoint(services: services)
    let shouldUpgrade: @Sendable (Request, BasicWebSocketRequestContext) async throws -> RouterShouldUpgrade = { request, _ in
        let offered = request.headers[values: .secWebSocketProtocol]
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return .upgrade(offered.contains("binary") ? [.secWebSocketProtocol: "binary"] : [:])
    }
    for path: RouterPath in ["/", "/**"] {
        router.ws(path, shouldUpgrade: shouldUpgrade) { inbound, outbound, context in
            await endpoint.serve(
                authorization: context.request.headers[.authorization],
                inbound: inbound,
                outbound: outbound,
                logger: context.logger
            )
        }
    }
    return router
}
