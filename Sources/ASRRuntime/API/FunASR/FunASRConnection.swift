import ASRContracts
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// The protocol half of one FunASR runtime WebSocket client. A client speaks in rounds: a
/// config (`mode`, `wav_name`, `is_speaking: true`), 16 kHz s16le PCM in binary messages, then
/// `{"is_speaking": false}`; the round's results follow, the last with `is_final: true`, and the
/// connection may start another round. The protocol has no error message: what cannot be served
/// closes the connection with the reason in the close frame.
///
/// - `offline`: the round's audio is one utterance, recognised whole when the round ends — the
///   path of an HTTP request (the language's engine, both caches).
/// - `online`: the audio is decoded as it arrives (a stream session listening in `manual`
///   mode); each result carries the words new since the last (`TranscriptDeltas`), the final
///   one the rest.
/// - `2pass`: as `online` (`2pass-online` results), and the endpointer cuts sentences on
///   trailing silence: each sentence's transcript is a `2pass-offline` result, the round's last
///   one final.
///
/// A language routed to an engine that takes whole utterances (an upstream) gives no partial
/// results: the stream session sends each utterance whole when it ends. The stream's engine is
/// chosen by the language of the connection's first streaming round.
final class FunASRConnection: StreamSessionOutput {
    /// The largest message taken: the longest audio a request may carry, sent as one message.
    static let maximumMessageBytes = AudioInput.maxPCMBytes + 4096

    private let services: RuntimeServices
    private let streams: DeviceStreams
    private let session: StreamSession
    private let outbound: WebSocketOutboundWriter
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var lastActivity = ContinuousClock.now
        var closing = false
        /// Streaming rounds whose results are not all sent, oldest first: the session answers
        /// them in order, and the client may start the next before the last is answered.
        var streamingRounds: [(mode: FunASRMode, wavName: String)] = []
        /// Rounds ended by the client whose final result is not sent yet: the client waits for
        /// them, so the watchdog does.
        var roundsEnding = 0
        /// Whether the oldest streaming round's final result was sent.
        var finalSent = false
        /// 2pass: whether a sentence's text was sent in the oldest streaming round.
        var sentenceSent = false
        var deltas = TranscriptDeltas()
    }

    /// What the receiving side knows of the round under way.
    private struct Round {
        var mode: FunASRMode
        var wavName: String
        var language: String
        /// `offline`: the round's audio so far.
        var audio: [Int16] = []
    }

    init(services: RuntimeServices, outbound: WebSocketOutboundWriter, logger: Logger) {
        self.services = services
        self.streams = services.streams
        self.outbound = outbound
        var logger = logger
        logger[metadataKey: "funasr"] = "\(UUID().uuidString.lowercased().prefix(8))"
        self.logger = logger
        self.session = StreamSession(streams: services.streams, partialResults: true, logger: logger)
    }

    /// Serves the connection until it closes.
    func run(inbound: WebSocketInboundStream) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.session.run(output: self) }
            group.addTask { await self.watch() }
            await receive(inbound)
            session.finish()
            group.cancelAll()
        }
    }

    /// The close frame's reason: at most 123 bytes, cut at a character.
    static func closeReason(_ text: String) -> String {
        var reason = ""
        for character in text {
            guard reason.utf8.count + String(character).utf8.count <= 123 else { break }
            reason.append(character)
        }
        return reason
    }

    // MARK: Receiving

    private func receive(_ inbound: WebSocketInboundStream) async {
        var round: Round?
        var oddByte: UInt8?
        do {
            for try await message in inbound.messages(maxSize: Self.maximumMessageBytes) {
                touch()
                switch message {
                case .text(let text):
                    guard await handle(config: text, round: &round) else { return }
                case .binary(var buffer):
                    if round == nil { round = await start(FunASRClientMessage()) }
                    guard var current = round else { return }
                    var bytes = Array(buffer.readBytes(length: buffer.readableBytes) ?? [])
                    if let odd = oddByte { bytes.insert(odd, at: 0) }
                    oddByte = bytes.count % 2 == 1 ? bytes.removeLast() : nil
                    guard !bytes.isEmpty else { continue }
                    let samples = try PCMAudio(s16le: bytes).samples
                    guard await take(samples, into: &current) else { return }
                    round = current
                }
            }
        } catch {
            logger.debug("FunASR connection ended: \(error)")
        }
    }

    /// A text message: a round's config, or its end. Returns false when the connection closed.
    private func handle(config text: String, round: inout Round?) async -> Bool {
        let message: FunASRClientMessage
        do {
            message = try JSONDecoder().decode(FunASRClientMessage.self, from: Data(text.utf8))
        } catch {
            await close("malformed message: expected a JSON object such as {\"mode\":\"offline\",\"is_speaking\":true}", .unacceptableData)
            return false
        }
        if round == nil {
            guard message.isSpeaking != false else {
                // An end with no round: answered, so a client waiting for a final result gets one.
                await send(FunASRResult(mode: message.mode ?? FunASRMode.offline.rawValue, text: "", wavName: message.wavName ?? "", isFinal: true))
                return true
            }
            guard let started = await start(message) else { return false }
            round = started
        }
        if message.isSpeaking == false, let ended = round {
            round = nil
            return await end(ended)
        }
        return true
    }

    /// Starts a round from its config; nil (the connection closed) when the config asks for
    /// what this runtime does not take.
    private func start(_ config: FunASRClientMessage) async -> Round? {
        guard let mode = FunASRMode(rawValue: config.mode ?? FunASRMode.twoPass.rawValue) else {
            await close("mode \"\(config.mode ?? "")\" is unknown; use offline, online or 2pass", .unacceptableData)
            return nil
        }
        if let format = config.wavFormat, format.lowercased() != "pcm" {
            await close("wav_format \"\(format)\" is not taken; send 16 kHz 16-bit mono PCM (wav_format pcm)", .unacceptableData)
            return nil
        }
        if let rate = config.audioRate, rate != PCMAudio.sampleRate {
            await close("audio_fs \(rate) is not taken; send 16000 Hz PCM", .unacceptableData)
            return nil
        }
        var language = services.configuration.language
        if let asked = config.language, asked.lowercased() != "auto" {
            guard asked.count <= 32, asked.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                await close("svs_lang must be a language code such as zh or en", .unacceptableData)
                return nil
            }
            language = asked
        }
        let round = Round(mode: mode, wavName: config.wavName ?? "microphone", language: language)
        if mode != .offline {
            state.withLock { $0.streamingRounds.append((mode, round.wavName)) }
            session.speaks(language)
            session.control(.start(mode == .online ? .manual : .auto))
        }
        return round
    }

    /// Audio of the round under way. Returns false when the connection closed.
    private func take(_ samples: [Int16], into round: inout Round) async -> Bool {
        guard !samples.isEmpty else { return true }
        if round.mode == .offline {
            round.audio += samples
            guard round.audio.count * 2 <= AudioInput.maxPCMBytes else {
                await close("the round's audio is longer than \(AudioInput.maxSeconds) s; end the round sooner", .messageTooLarge)
                return false
            }
            return true
        }
        // A client sending a file faster than real time is held back here, not refused: its
        // audio waits for the decoder rather than being dropped.
        let deadline = ContinuousClock.now + streams.networkTimeout
        while !session.append(samples) {
            guard ContinuousClock.now < deadline, !Task.isCancelled else {
                await close("the decoder stayed \(Int(streams.backlogLimitSeconds)) s behind this stream; closing", .unknown(1013))
                return false
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        streams.statistics.update { $0.audioSeconds += Double(samples.count) / Double(PCMAudio.sampleRate) }
        return true
    }

    /// The client ended a round: an offline round is recognised now; a streaming round's last
    /// results come from its session. Returns false when the connection closed.
    private func end(_ round: Round) async -> Bool {
        guard round.mode == .offline else {
            state.withLock { $0.roundsEnding += 1 }
            session.control(.stop)
            return true
        }
        guard !round.audio.isEmpty else {
            await send(FunASRResult(mode: round.mode.rawValue, text: "", wavName: round.wavName, isFinal: true))
            return true
        }
        state.withLock { $0.roundsEnding += 1 }
        defer { state.withLock { $0.roundsEnding -= 1 } }
        do {
            let transcription = try await services.recognition.recognize(utterance: PCMAudio(samples: round.audio), language: round.language)
            await send(FunASRResult(mode: round.mode.rawValue, text: transcription.text, wavName: round.wavName, isFinal: true))
            return true
        } catch let refusal as UtteranceRefusal {
            await close("\(refusal.code): \(refusal.message)", .unknown(1013))
        } catch {
            await close("recognition failed: \(error)", .unexpectedServerError)
        }
        return false
    }

    private func touch() {
        state.withLock { $0.lastActivity = .now }
    }

    // MARK: Watchdog

    /// Closes the connection when it stalls — no message for `ASR_NETWORK_TIMEOUT` while no
    /// result is being worked on — and when the service shuts down.
    private func watch() async {
        let timeout = streams.networkTimeout
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
            if Task.isCancelled { return }
            if streams.closing {
                await close("the service is shutting down", .goingAway)
                return
            }
            let (ending, idle) = state.withLock { ($0.roundsEnding > 0, ContinuousClock.now - $0.lastActivity) }
            if !ending, idle >= timeout {
                streams.statistics.update { $0.timedOut += 1 }
                await close("no message for \(Int(timeout.components.seconds)) s (ASR_NETWORK_TIMEOUT); closing", .policyViolation)
                return
            }
        }
    }

    // MARK: Sending (StreamSessionOutput)

    func transcript(_ text: String, ending: StreamUtterance.Ending) async {
        let result = state.withLock { state -> FunASRResult? in
            guard let round = state.streamingRounds.first else { return nil }
            let isFinal = ending == .stop
            if isFinal { state.finalSent = true }
            switch round.mode {
            case .twoPass:
                state.deltas = TranscriptDeltas()
                let separated = (state.sentenceSent && !text.isEmpty ? " " : "") + text
                if !text.isEmpty { state.sentenceSent = true }
                return FunASRResult(mode: round.mode.resultMode(partial: false), text: separated, wavName: round.wavName, isFinal: isFinal)
            case .online, .offline:
                let piece = state.deltas.finish(with: text)
                return FunASRResult(mode: round.mode.resultMode(partial: false), text: piece, wavName: round.wavName, isFinal: isFinal)
            }
        }
        if let result { await send(result) }
    }

    func partial(_ text: String) async {
        let result = state.withLock { state -> FunASRResult? in
            guard let round = state.streamingRounds.first, let piece = state.deltas.advance(to: text) else { return nil }
            return FunASRResult(mode: round.mode.resultMode(partial: true), text: piece, wavName: round.wavName, isFinal: false)
        }
        if let result { await send(result) }
    }

    func listeningEnded() async {
        let result = state.withLock { state -> FunASRResult? in
            guard !state.streamingRounds.isEmpty else { return nil }
            let round = state.streamingRounds.removeFirst()
            defer {
                state.finalSent = false
                state.sentenceSent = false
                state.deltas = TranscriptDeltas()
                state.roundsEnding = max(0, state.roundsEnding - 1)
            }
            // Every round ends with a final result, empty when the last sentence was already sent.
            return state.finalSent ? nil : FunASRResult(mode: round.mode.resultMode(partial: false), text: "", wavName: round.wavName, isFinal: true)
        }
        if let result { await send(result) }
    }

    func warn(_ message: String, code: String) async {
        // The round cannot be answered, and the protocol cannot say why but by closing.
        await close("\(code): \(message)", .unknown(1013))
    }

    func fail(_ message: String, code: String) async {
        await close("\(code): \(message)", .unexpectedServerError)
    }

    private func send(_ result: FunASRResult) async {
        do {
            try await outbound.write(.text(result.json))
        } catch {
            logger.debug("could not send to the FunASR client: \(error)")
        }
    }

    private func close(_ reason: String, _ code: WebSocketErrorCode) async {
        let first = state.withLock { state -> Bool in
            defer { state.closing = true }
            return !state.closing
        }
        guard first else { return }
        logger.info("closing FunASR connection: \(reason)")
        try? await outbound.close(code, reason: Self.closeReason(reason))
    }
}
