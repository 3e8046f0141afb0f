import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOWebSocket

/// The devices' WebSocket, `/xiaozhi/v1/`, as xiaozhi-esp32 firmware speaks it. Served by the
/// same server as the HTTP API (see `buildApplication`).
package func buildDeviceRouter(services: RuntimeServices) -> Router<BasicWebSocketRequestContext> {
    let router = Router(context: BasicWebSocketRequestContext.self)
    let access = DeviceAccessPolicy(configuration: services.configuration)
    router.ws("/xiaozhi/v1/") { inbound, outbound, context in
        let request = context.request
        // Devices send Device-Id / Client-Id headers; browsers and some clients cannot set
        // headers on a WebSocket, so the reference server also takes query parameters.
        func identity(_ header: String, _ names: [String]) -> String? {
            if let name = HTTPField.Name(header), let value = request.headers[name], !value.isEmpty { return value }
            let query = request.uri.queryParameters
            return names.lazy.compactMap { query[Substring($0)].map(String.init) }.first { !$0.isEmpty }
        }
        let device = identity("Device-Id", ["device-id", "device_id"])
        let client = identity("Client-Id", ["client-id", "client_id"])
        if let denial = access.check(deviceID: device, authorization: identity("Authorization", ["authorization", "token"])) {
            services.streams.statistics.update { $0.unauthorized += 1 }
            context.logger.notice("device stream refused: \(denial.message)", metadata: device.map { ["device": "\($0)"] })
            await DeviceEndpoint.refuse(
                .init(message: denial.message, code: "unauthorized"),
                closeCode: .policyViolation,
                inbound: inbound,
                outbound: outbound,
                timeout: services.streams.networkTimeout
            )
            return
        }
        let version = identity("Protocol-Version", ["protocol-version", "protocol_version"]).map { Int($0) ?? 0 }
        await DeviceEndpoint.serve(
            services: services,
            deviceID: device,
            clientID: client,
            protocolVersion: version,
            inbound: inbound,
            outbound: outbound,
            logger: context.logger
        )
    }
    return router
}

enum DeviceEndpoint {
    /// Admits the device (an `ASR_MAX_CONCURRENT` slot, held until the connection closes) or
    /// tells it why not and closes; then serves its session.
    static func serve(
        services: RuntimeServices,
        deviceID: String?,
        clientID: String?,
        protocolVersion: Int?,
        inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter,
        logger: Logger
    ) async {
        if let refusal = services.admitStream() {
            services.streams.statistics.update { $0.refused += 1 }
            logger.notice("device stream refused: \(refusal.message)", metadata: deviceID.map { ["device": "\($0)"] })
            await refuse(
                refusal,
                closeCode: .unknown(1013),
                inbound: inbound,
                outbound: outbound,
                timeout: services.streams.networkTimeout
            )
            return
        }
        services.streams.statistics.update {
            $0.opened += 1
            $0.open += 1
        }
        defer {
            services.streams.statistics.update { $0.open -= 1 }
            services.scheduler.releaseSlot()
        }
        let session = DeviceSession(
            services: services,
            deviceID: deviceID,
            clientID: clientID,
            protocolVersion: protocolVersion,
            outbound: outbound,
            logger: logger
        )
        await session.run(inbound: inbound)
    }

    /// Answers the device's first message (its hello) with the refusal, then closes with
    /// `closeCode` (1013 Try Again Later for a busy runtime, 1008 for a device not allowed). The device speaks first in this protocol; a server frame sent right
    /// after the upgrade, before the client has read anything, is lost by some clients
    /// (swift-websocket's among them), which would then wait for the close timeout.
    static func refuse(
        _ refusal: RuntimeServices.StreamRefusal,
        closeCode: WebSocketErrorCode,
        inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter,
        timeout: Duration
    ) async {
        await withTaskGroup(of: Void.self) { group in
            // A device that says nothing is closed after ASR_NETWORK_TIMEOUT, which also ends the wait below.
            group.addTask {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { try? await outbound.close(closeCode, reason: refusal.code) }
            }
            var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
            _ = try? await messages.next()
            group.cancelAll()
        }
        let message = Xiaozhi.ErrorMessage(message: refusal.message, code: refusal.code, sessionID: nil)
        try? await outbound.write(.text(Xiaozhi.encode(message)))
        try? await outbound.close(closeCode, reason: refusal.code)
    }
}
