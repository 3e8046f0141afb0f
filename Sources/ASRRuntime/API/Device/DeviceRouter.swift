import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging

/// The devices' WebSocket, `/xiaozhi/v1/`, as xiaozhi-esp32 firmware speaks it. Served by the
/// same server as the HTTP API (see `buildApplication`).
package func buildDeviceRouter(services: RuntimeServices) -> Router<BasicWebSocketRequestContext> {
    let router = Router(context: BasicWebSocketRequestContext.self)
    let endpoint = DeviceEndpoint(services: services)
    router.ws("/xiaozhi/v1/") { inbound, outbound, context in
        let request = context.request
        // Devices send Device-Id / Client-Id headers; browsers and some clients cannot set
        // headers on a WebSocket, so the reference server also takes query parameters.
        func identity(_ header: String, _ names: [String]) -> String? {
            if let name = HTTPField.Name(header), let value = request.headers[name], !value.isEmpty { return value }
            let query = request.uri.queryParameters
            return names.lazy.compactMap { query[Substring($0)].map(String.init) }.first { !$0.isEmpty }
        }
        await endpoint.serve(
            deviceID: identity("Device-Id", ["device-id", "device_id"]),
            authorization: identity("Authorization", ["authorization", "token"]),
            protocolVersion: identity("Protocol-Version", ["protocol-version", "protocol_version"]).map { Int($0) ?? 0 },
            inbound: inbound,
            outbound: outbound,
            logger: context.logger
        )
    }
    return router
}
