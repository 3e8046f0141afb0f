import ASRContracts
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOWebSocket

/// Admits a device connection — its access (`ASR_DEVICE_WHITELIST`, `ASR_AUTH_TOKENS`), then
/// the gate (an `ASR_MAX_CONCURRENT` slot held until the connection closes) — or tells it why
/// not and closes; then serves it.
struct DeviceEndpoint {
    let services: RuntimeServices
    private let access: DeviceAccessPolicy

    init(services: RuntimeServices) {
        self.services = services
        self.access = DeviceAccessPolicy(configuration: services.configuration)
    }

    func serve(
        deviceID: String?,
        authorization: String?,
        protocolVersion: Int?,
        inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter,
        logger: Logger
    ) async {
        let streams = services.streams
        let metadata: Logger.Metadata? = deviceID.map { ["device": "\($0)"] }
        if let denial = access.check(deviceID: deviceID, authorization: authorization) {
            streams.statistics.update { $0.unauthorized += 1 }
            logger.notice("device stream refused: \(denial.message)", metadata: metadata)
            await refuse(message: denial.message, code: "unauthorized", closeCode: .policyViolation, inbound: inbound, outbound: outbound)
            return
        }
        do {
            try await services.gate.admitNow {
                await streams.statistics.countingOpen {
                    let connection = DeviceConnection(
                        streams: streams,
                        deviceID: deviceID,
                        protocolVersion: protocolVersion,
                        outbound: outbound,
                        logger: logger
                    )
                    await connection.run(inbound: inbound)
                }
            }
        } catch {
            streams.statistics.update { $0.refused += 1 }
            logger.notice("device stream refused: \(error.message)", metadata: metadata)
            // 1013 Try Again Later: the runtime is busy, loading or shutting down.
            await refuse(message: error.message, code: error.code, closeCode: .unknown(1013), inbound: inbound, outbound: outbound)
        }
    }

    /// Answers the device's first message (its hello) with the refusal, then closes with
    /// `closeCode`. The device speaks first in this protocol; a server frame sent right after
    /// the upgrade, before the client has read anything, is lost by some clients
    /// (swift-websocket's among them), which would then wait for the close timeout.
    private func refuse(
        message: String,
        code: String,
        closeCode: WebSocketErrorCode,
        inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter
    ) async {
        let timeout = services.streams.networkTimeout
        await withTaskGroup(of: Void.self) { group in
            // A device that says nothing is closed after ASR_NETWORK_TIMEOUT, which also ends the wait below.
            group.addTask {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { try? await outbound.close(closeCode, reason: code) }
            }
            var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
            _ = try? await messages.next()
            group.cancelAll()
        }
        try? await outbound.write(.text(XiaozhiServerMessage.error(message, code: code, sessionID: nil).json))
        try? await outbound.close(closeCode, reason: code)
    }
}
