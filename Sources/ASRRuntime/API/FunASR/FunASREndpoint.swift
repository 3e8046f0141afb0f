import ASRContracts
import HummingbirdWebSocket
import Logging
import NIOWebSocket

/// Admits a FunASR client — its token when `ASR_AUTH_TOKENS` is set (`Authorization: Bearer
/// <token>`, or FunASR's own `Bearer; <token>`), then the gate (an `ASR_MAX_CONCURRENT` slot
/// held until the connection closes) — or closes it saying why; then serves it.
///
/// `ASR_ALLOWED_DEVICES` does not apply here: a FunASR client is a server (e.g.
/// xiaozhi-esp32-server), not a device, and sends no `Device-Id`.
struct FunASREndpoint {
    let services: RuntimeServices
    private let access: DeviceAccessPolicy

    init(services: RuntimeServices) {
        self.services = services
        self.access = DeviceAccessPolicy(tokens: services.configuration.authTokens, allowedDevices: [])
    }

    func serve(authorization: String?, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger) async {
        let streams = services.streams
        if let denial = access.check(deviceID: nil, authorization: authorization) {
            streams.statistics.update { $0.unauthorized += 1 }
            logger.notice("FunASR client refused: \(denial.message)")
            await refuse(reason: "unauthorized: \(denial.message)", closeCode: .policyViolation, inbound: inbound, outbound: outbound)
            return
        }
        do {
            try await services.gate.admitNow {
                await streams.statistics.countingOpen {
                    await FunASRConnection(services: services, outbound: outbound, logger: logger).run(inbound: inbound)
                }
            }
        } catch {
            streams.statistics.update { $0.refused += 1 }
            logger.notice("FunASR client refused: \(error.message)")
            // 1013 Try Again Later: the runtime is busy, loading or shutting down.
            await refuse(reason: "\(error.code): \(error.message)", closeCode: .unknown(1013), inbound: inbound, outbound: outbound)
        }
    }

    /// Waits for the client's first message (its config), then closes with `closeCode` and the
    /// reason — the protocol has no error message, so the close frame says it. Closing before
    /// the client has sent anything loses the reason with some clients.
    private func refuse(reason: String, closeCode: WebSocketErrorCode, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        let timeout = services.streams.networkTimeout
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { try? await outbound.close(closeCode, reason: FunASRConnection.closeReason(reason)) }
            }
            var messages = inbound.messages(maxSize: FunASRConnection.maximumMessageBytes).makeAsyncIterator()
            _ = try? await messages.next()
            group.cancelAll()
        }
        try? await outbound.close(closeCode, reason: FunASRConnection.closeReason(reason))
    }
}
