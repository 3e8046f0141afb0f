import ASRContracts
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// The protocol half of one device on `/xiaozhi/v1/`: the xiaozhi messages (hello, listen,
/// Opus audio, stt, errors), the stall watchdog, and closing. What it hears while listening
/// goes to the stream's `StreamSession`, which decodes it and answers through this connection
/// (`StreamSessionOutput`).
///
/// Three tasks share a connection: `receive` (inbound messages, Opus decoding), the session's
/// decoding, and `watch` (`ASR_NETWORK_TIMEOUT`, shutdown).
final class DeviceConnection: StreamSessionOutput {
    let sessionID: String
    private let streams: DeviceStreams
    private let session: StreamSession
    private let outbound: WebSocketOutboundWriter
    private let logger: Logger
    private let state = Mutex(State())
    /// The connection's `Protocol-Version` header (nil when absent), checked at the hello.
    private let headerVersion: Int?

    private struct State {
        var hello = false
        /// Binary framing: from the `Protocol-Version` header, else the hello's `version`.
        var framing: BinaryFraming = .version1
        var lastActivity = ContinuousClock.now
        var closing = false
    }

    init(
        streams: DeviceStreams,
        deviceID: String?,
        protocolVersion: Int?,
        outbound: WebSocketOutboundWriter,
        logger: Logger
    ) {
        self.headerVersion = protocolVersion
        self.sessionID = UUID().uuidString.lowercased()
        self.streams = streams
        self.outbound = outbound
        var logger = logger
        logger[metadataKey: "session"] = "\(sessionID)"
        if let deviceID { logger[metadataKey: "device"] = "\(deviceID)" }
        self.logger = logger
        self.session = StreamSession(streams: streams, logger: logger)
    }

    /// Serves the connection until it closes.
    func run(inbound: WebSocketInboundStream) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.session.run(output: self) }
            group.addTask { await self.watch() }
            await receive(inbound)
            // The connection is gone: nothing more can be answered.
            session.finish()
            group.cancelAll()
        }
    }

    // MARK: Receiving

    private func receive(_ inbound: WebSocketInboundStream) async {
        let opus: OpusDecoder
        do {
            opus = try OpusDecoder()
        } catch {
            await sendError("the Opus decoder could not be created: \(error)", code: "internal")
            return
        }
        do {
            for try await message in inbound.messages(maxSize: 1 << 16) {
                switch message {
                case .text(let text): await handle(text: text)
                case .binary(let buffer): await handle(packet: buffer, opus: opus)
                }
            }
        } catch {
            logger.debug("device connection ended: \(error)")
        }
    }

    private func handle(text: String) async {
        let message: XiaozhiClientMessage
        do {
            message = try JSONDecoder().decode(XiaozhiClientMessage.self, from: Data(text.utf8))
        } catch {
            await protocolError("malformed JSON message: expected an object with a \"type\" (\(Self.describe(error)))", code: "bad_json")
            return
        }
        touch()
        switch message.type {
        case "hello":
            await hello(message)
        case "listen":
            await listen(message)
        case "abort", "mcp", "iot":
            // Valid xiaozhi messages about speaking and device control: nothing for an ASR runtime to do.
            break
        default:
            await protocolError("unknown message type \"\(message.type)\"; this runtime understands hello, listen and abort", code: "unknown_type")
        }
    }

    private func hello(_ message: XiaozhiClientMessage) async {
        if let transport = message.transport, transport != "websocket" {
            await protocolError("transport \"\(transport)\" is not supported here; use \"websocket\"", code: "bad_hello")
            return
        }
        let params = message.audioParameters
        if let format = params?.format, format.lowercased() != "opus" {
            await protocolError("audio format \"\(format)\" is not supported; devices send \"opus\"", code: "bad_hello")
            return
        }
        if let channels = params?.channels, channels != 1 {
            await protocolError("\(channels) channels are not supported; send mono (channels 1)", code: "bad_hello")
            return
        }
        let version = headerVersion ?? message.version ?? 1
        guard let framing = BinaryFraming(rawValue: version) else {
            await protocolError(
                "protocol version \(version) is not supported; use 1, 2 or 3 (Protocol-Version header or the hello's version)",
                code: "bad_hello"
            )
            return
        }
        state.withLock {
            $0.hello = true
            $0.framing = framing
        }
        session.speaks(message.language)
        // Opus packets of any rate decode to 16 kHz, the engine's rate.
        let reply = XiaozhiServerMessage.hello(
            sessionID: sessionID,
            audioParameters: .init(
                format: "opus",
                sampleRate: PCMAudio.sampleRate,
                channels: 1,
                frameDuration: params?.frameDuration ?? 60
            )
        )
        await send(reply.json)
    }

    private func listen(_ message: XiaozhiClientMessage) async {
        guard state.withLock({ $0.hello }) else {
            await protocolError("send hello before listen", code: "no_hello")
            return
        }
        switch message.state {
        case "start":
            guard let mode = ListenMode(rawValue: message.mode ?? ListenMode.auto.rawValue) else {
                await protocolError("listen mode \"\(message.mode ?? "")\" is unknown; use auto, manual or realtime", code: "bad_listen")
                return
            }
            session.control(.start(mode))
        case "stop":
            session.control(.stop)
        case "detect":
            session.control(.detect)
        default:
            await protocolError("listen state \"\(message.state ?? "")\" is unknown; use start, stop or detect", code: "bad_listen")
        }
    }

    private func handle(packet buffer: ByteBuffer, opus: OpusDecoder) async {
        let (hello, framing) = state.withLock { ($0.hello, $0.framing) }
        guard hello else {
            await protocolError("send hello before audio", code: "no_hello")
            return
        }
        let packet: ArraySlice<UInt8>
        do {
            switch try framing.payload(of: Array(buffer.readableBytesView)) {
            case .opus(let payload): packet = payload
            case .json(let text):
                await handle(text: String(decoding: text, as: UTF8.self))
                return
            }
        } catch {
            streams.statistics.update { $0.badPackets += 1 }
            await sendError("bad binary message: \(error); dropped, the stream goes on", code: "bad_audio")
            return
        }
        // Frames after `listen stop` (the device flushing its encoder) are not an error.
        guard session.listening != nil else { return }
        let samples: [Int16]
        do {
            samples = try opus.decode(packet)
        } catch {
            streams.statistics.update { $0.badPackets += 1 }
            await sendError("bad Opus frame of \(packet.count) bytes: \(error); frame dropped, the stream goes on", code: "bad_audio")
            return
        }
        guard session.append(samples) else {
            await sendError("the decoder is more than \(Int(streams.backlogLimitSeconds)) s behind this stream; frame dropped", code: "overloaded")
            return
        }
        touch()
        streams.statistics.update {
            $0.opusPackets += 1
            $0.audioSeconds += Double(samples.count) / Double(PCMAudio.sampleRate)
        }
    }

    private func touch() {
        state.withLock { $0.lastActivity = .now }
    }

    // MARK: Watchdog

    /// Closes the stream when it stalls: no hello, or no audio while listening, for
    /// `ASR_NETWORK_TIMEOUT`; and when the service shuts down.
    private func watch() async {
        let timeout = streams.networkTimeout
        let seconds = Int(timeout.components.seconds)
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
            if Task.isCancelled { return }
            if streams.closing {
                await close(message: "the service is shutting down", code: "shutting_down", closeCode: .goingAway)
                return
            }
            let (hello, idle) = state.withLock { ($0.hello, ContinuousClock.now - $0.lastActivity) }
            guard idle >= timeout else { continue }
            if !hello {
                streams.statistics.update { $0.timedOut += 1 }
                await close(message: "no hello within \(seconds) s (ASR_NETWORK_TIMEOUT); closing", code: "timeout")
                return
            }
            if let listening = session.listening {
                streams.statistics.update { $0.timedOut += 1 }
                await close(
                    message: "no audio for \(seconds) s while listening in \(listening.rawValue) mode (ASR_NETWORK_TIMEOUT); closing",
                    code: "timeout"
                )
                return
            }
        }
    }

    // MARK: Sending (StreamSessionOutput)

    func transcript(_ text: String, ending: StreamUtterance.Ending) async {
        await send(XiaozhiServerMessage.speechToText(text, sessionID: sessionID).json)
    }

    /// The xiaozhi protocol has no partial results: devices get each utterance's `stt` once.
    func partial(_ text: String) async {}

    /// Nothing to say: a manual utterance's `stt` already answered its `listen stop`.
    func listeningEnded() async {}

    func warn(_ message: String, code: String) async {
        await sendError(message, code: code)
    }

    func fail(_ message: String, code: String) async {
        await close(message: message, code: code)
    }

    private func protocolError(_ message: String, code: String) async {
        streams.statistics.update { $0.protocolErrors += 1 }
        await sendError(message, code: code)
    }

    private func sendError(_ message: String, code: String) async {
        await send(XiaozhiServerMessage.error(message, code: code, sessionID: sessionID).json)
    }

    private func close(message: String, code: String, closeCode: WebSocketErrorCode = .policyViolation) async {
        let first = state.withLock { state -> Bool in
            defer { state.closing = true }
            return !state.closing
        }
        guard first else { return }
        logger.info("closing device stream: \(message)")
        await sendError(message, code: code)
        try? await outbound.close(closeCode, reason: String(message.prefix(100)))
    }

    private func send(_ text: String) async {
        do {
            try await outbound.write(.text(text))
        } catch {
            logger.debug("could not send to the device: \(error)")
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted: return "not valid JSON"
        default: return "\(error)"
        }
    }
}
