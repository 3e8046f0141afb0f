import ASRContracts
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// One device on `/xiaozhi/v1/`: the xiaozhi protocol (hello, listen, Opus audio, stt), the
/// stall watchdog, and the feeding of arrived audio to the stream's decoder.
///
/// Three tasks share a session: `receive` (the connection's inbound messages, Opus decoding),
/// `feed` (one decoder job at a time with everything that arrived since the last one, so a
/// busy scheduler makes batches larger instead of queueing more jobs) and `watch`
/// (`ASR_NETWORK_TIMEOUT`, shutdown). They meet in `inbox`.
final class DeviceSession: Sendable {
    let sessionID: String
    let deviceID: String?
    let clientID: String?
    private let services: RuntimeServices
    private let streams: DeviceStreams
    private let outbound: WebSocketOutboundWriter
    private let logger: Logger
    private let inbox = Mutex(Inbox())
    private let doorbell: AsyncStream<Void>
    private let ring: AsyncStream<Void>.Continuation

    private struct Inbox {
        var inputs: [(input: StreamInput, arrived: ContinuousClock.Instant)] = []
        var backlogSamples = 0
        var hello = false
        /// Binary framing: from the `Protocol-Version` header, else the hello's `version`.
        var framing: BinaryFraming = .version1
        var listening: ListenMode?
        var lastActivity = ContinuousClock.now
        var closing = false

        /// Whether the oldest input has waited `seconds` (audio that stopped short of a job's worth).
        func hasWaited(_ seconds: Double) -> Bool {
            inputs.first.map { (ContinuousClock.now - $0.arrived).seconds >= seconds } ?? false
        }
    }

    /// The connection's `Protocol-Version` header (nil when absent) is checked at the hello.
    private let headerVersion: Int?

    init(
        services: RuntimeServices,
        deviceID: String?,
        clientID: String?,
        protocolVersion: Int?,
        outbound: WebSocketOutboundWriter,
        logger: Logger
    ) {
        self.headerVersion = protocolVersion
        self.sessionID = UUID().uuidString.lowercased()
        self.deviceID = deviceID
        self.clientID = clientID
        self.services = services
        self.streams = services.streams
        self.outbound = outbound
        var logger = logger
        logger[metadataKey: "session"] = "\(sessionID)"
        if let deviceID { logger[metadataKey: "device"] = "\(deviceID)" }
        self.logger = logger
        (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Serves the connection until it closes.
    func run(inbound: WebSocketInboundStream) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.feed() }
            group.addTask { await self.watch() }
            await receive(inbound)
            // The connection is gone: nothing more can be answered.
            ring.finish()
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
        let message: Xiaozhi.ClientMessage
        do {
            message = try JSONDecoder().decode(Xiaozhi.ClientMessage.self, from: Data(text.utf8))
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

    private func hello(_ message: Xiaozhi.ClientMessage) async {
        if let transport = message.transport, transport != "websocket" {
            await protocolError("transport \"\(transport)\" is not supported here; use \"websocket\"", code: "bad_hello")
            return
        }
        let params = message.audioParams
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
        inbox.withLock {
            $0.hello = true
            $0.framing = framing
        }
        // Opus packets of any rate decode to 16 kHz, the engine's rate.
        let reply = Xiaozhi.ServerHello(
            sessionID: sessionID,
            audioParams: .init(
                format: "opus",
                sampleRate: PCMAudio.sampleRate,
                channels: 1,
                frameDuration: params?.frameDuration ?? 60
            )
        )
        await send(Xiaozhi.encode(reply))
    }

    private func listen(_ message: Xiaozhi.ClientMessage) async {
        guard inbox.withLock({ $0.hello }) else {
            await protocolError("send hello before listen", code: "no_hello")
            return
        }
        let input: StreamInput
        switch message.state {
        case "start":
            guard let mode = ListenMode(rawValue: message.mode ?? ListenMode.auto.rawValue) else {
                await protocolError("listen mode \"\(message.mode ?? "")\" is unknown; use auto, manual or realtime", code: "bad_listen")
                return
            }
            input = .start(mode)
        case "stop":
            input = .stop
        case "detect":
            input = .detect
        default:
            await protocolError("listen state \"\(message.state ?? "")\" is unknown; use start, stop or detect", code: "bad_listen")
            return
        }
        inbox.withLock { inbox in
            switch input {
            case .start(let mode): inbox.listening = mode
            case .stop: inbox.listening = nil
            default: break
            }
            inbox.inputs.append((input, .now))
        }
        ring.yield()
    }

    private func handle(packet buffer: ByteBuffer, opus: OpusDecoder) async {
        let (hello, listening, framing) = inbox.withLock { ($0.hello, $0.listening != nil, $0.framing) }
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
        guard listening else { return }
        let samples: [Int16]
        do {
            samples = try opus.decode(packet)
        } catch {
            streams.statistics.update { $0.badPackets += 1 }
            await sendError("bad Opus frame of \(packet.count) bytes: \(error); frame dropped, the stream goes on", code: "bad_audio")
            return
        }
        let limit = Int(streams.backlogLimitSeconds) * PCMAudio.sampleRate
        let accepted = inbox.withLock { inbox -> Bool in
            guard inbox.backlogSamples + samples.count <= limit else { return false }
            inbox.backlogSamples += samples.count
            inbox.lastActivity = .now
            inbox.inputs.append((.audio(samples), .now))
            return true
        }
        guard accepted else {
            await sendError("the decoder is more than \(Int(streams.backlogLimitSeconds)) s behind this stream; frame dropped", code: "overloaded")
            return
        }
        streams.statistics.update {
            $0.opusPackets += 1
            $0.audioSeconds += Double(samples.count) / Double(PCMAudio.sampleRate)
        }
        ring.yield()
    }

    private func touch() {
        inbox.withLock { $0.lastActivity = .now }
    }

    // MARK: Feeding the decoder

    private func feed() async {
        let recognizer = StreamRecognizer(
            chunkBytes: streams.chunkBytes,
            overlapBytes: streams.overlapBytes,
            endpointer: streams.endpointer
        )
        defer {
            // The connection is gone. A decoder still leased goes back; mid-utterance it is
            // freed rather than kept (see `StreamDecoderPool.release`).
            if let (decoder, clean) = recognizer.detach() { streams.pool.release(decoder, clean: clean) }
        }
        let jobSamples = Int(streams.jobAudioSeconds * Double(PCMAudio.sampleRate))
        for await _ in doorbell {
            let batch = inbox.withLock { inbox -> [(input: StreamInput, arrived: ContinuousClock.Instant)] in
                // Audio alone goes at once while a decoder is idle, else waits until a job's
                // worth has arrived (see `jobAudioSeconds`); listen start/stop/detect go at
                // once, with the audio before them.
                let control = inbox.inputs.contains { if case .audio = $0.input { false } else { true } }
                guard
                    control || inbox.backlogSamples >= jobSamples || inbox.hasWaited(streams.jobAudioSeconds)
                        || (inbox.backlogSamples > 0 && services.scheduler.hasIdleDecoder)
                else { return [] }
                defer {
                    inbox.inputs.removeAll(keepingCapacity: true)
                    inbox.backlogSamples = 0
                }
                return inbox.inputs
            }
            guard !batch.isEmpty else { continue }
            let inputs = batch.map(\.input)
            if recognizer.needsDecoder(for: inputs) {
                // Listening starts (or goes on): lease a decoder for the listening period.
                do {
                    recognizer.attach(try await streams.pool.acquire())
                } catch SpeechEngineError.noDecoder(let reason) {
                    await refuseListening(reason: reason)
                    continue
                } catch {
                    await close(message: "no decoder for this stream: \(error)", code: "engine_failed")
                    return
                }
            } else if !recognizer.hasDecoder {
                // Not listening: stop, detect and late frames change nothing.
                continue
            }
            let report: StreamRecognizer.Report
            do {
                report = try await run(recognizer, inputs)
            } catch is CancellationError {
                return
            } catch {
                logger.error("stream decoding failed: \(error)")
                await close(message: "decoding failed: \(error)", code: "decode_failed")
                return
            }
            // Listening over: the decoder serves other streams until this one listens again.
            if let decoder = recognizer.detachIfIdle() { streams.pool.release(decoder) }
            for utterance in report.utterances {
                // Counted before it is sent, so whoever reads the stt can read the figures too.
                let latency = (ContinuousClock.now - batch[utterance.endingInput].arrived).seconds
                streams.statistics.record(utterance, latency: latency)
                await send(Xiaozhi.encode(Xiaozhi.SpeechToText(text: utterance.text, sessionID: sessionID)))
                logger.debug(
                    "stt \"\(utterance.text)\" (\(utterance.ending.rawValue), \(utterance.processCalls) process calls, \(String(format: "%.3f", latency)) s)"
                )
            }
        }
    }

    /// No decoder for this listening period (memory critical, none free, none given back within
    /// the pool's short wait): the device is told so with `memory_critical`, and its audio until
    /// the next `listen start` is dropped — it must not wait for an `stt` that will not come.
    private func refuseListening(reason: String) async {
        inbox.withLock { inbox in
            // Unless the device has already started listening again since.
            if !inbox.inputs.contains(where: { if case .start = $0.input { true } else { false } }) {
                inbox.listening = nil
                inbox.inputs.removeAll(keepingCapacity: true)
                inbox.backlogSamples = 0
            }
        }
        streams.statistics.update { $0.refusedUtterances += 1 }
        logger.notice("listening refused: \(reason)")
        await sendError(
            "no decoder free for this utterance: \(reason); the audio is dropped — listen again shortly",
            code: RejectionReason.memoryCritical.rawValue
        )
    }

    /// One decoder job through the engine's scheduler; a full queue is waited out, since the
    /// audio cannot be refused without losing the utterance.
    private func run(_ recognizer: StreamRecognizer, _ inputs: [StreamInput]) async throws -> StreamRecognizer.Report {
        while true {
            do {
                let (report, seconds) = try await services.engine.perform(priority: .high) { worker in
                    let started = ContinuousClock.now
                    // On this thread the stream decoder scores with this thread's language-model instance.
                    let report = try recognizer.handle(inputs, languageModelSlot: worker.languageModelSlot)
                    return (report, (ContinuousClock.now - started).seconds)
                }
                streams.statistics.record(job: report, seconds: seconds)
                return report
            } catch SpeechEngineError.queueFull {
                streams.statistics.update { $0.jobRetries += 1 }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
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
            // Audio that stopped short of a job's worth is decoded anyway once it has waited.
            if inbox.withLock({ $0.hasWaited(streams.jobAudioSeconds) }) { ring.yield() }
            if services.state == .draining {
                await close(message: "the service is shutting down", code: "shutting_down", closeCode: .goingAway)
                return
            }
            let (hello, listening, idle) = inbox.withLock { ($0.hello, $0.listening, ContinuousClock.now - $0.lastActivity) }
            guard idle >= timeout else { continue }
            if !hello {
                streams.statistics.update { $0.timedOut += 1 }
                await close(message: "no hello within \(seconds) s (ASR_NETWORK_TIMEOUT); closing", code: "timeout")
                return
            }
            if let listening {
                streams.statistics.update { $0.timedOut += 1 }
                await close(
                    message: "no audio for \(seconds) s while listening in \(listening.rawValue) mode (ASR_NETWORK_TIMEOUT); closing",
                    code: "timeout"
                )
                return
            }
        }
    }

    // MARK: Sending

    private func protocolError(_ message: String, code: String) async {
        streams.statistics.update { $0.protocolErrors += 1 }
        await sendError(message, code: code)
    }

    private func sendError(_ message: String, code: String) async {
        await send(Xiaozhi.encode(Xiaozhi.ErrorMessage(message: message, code: code, sessionID: sessionID)))
    }

    private func close(message: String, code: String, closeCode: WebSocketErrorCode = .policyViolation) async {
        let first = inbox.withLock { inbox -> Bool in
            defer { inbox.closing = true }
            return !inbox.closing
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
