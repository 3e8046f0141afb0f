import ASRContracts
import ASRRuntime
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket

/// One simulated xiaozhi device: connects to `/xiaozhi/v1/`, says hello, then until the run's
/// deadline speaks corpus utterances as 60 ms Opus frames paced in real time, waits for each
/// `stt`, and pauses (think time) before the next.
struct SimulatedDevice: Sendable {
    let index: Int
    let options: StressOptions
    let corpus: StressCorpus
    let recorder: StressRecorder
    let deadline: ContinuousClock.Instant
    /// Burst mode: where the devices wait to start together.
    let startLine: StartLine?

    var deviceID: String { String(format: "02:00:00:00:%02x:%02x", (index >> 8) & 0xff, index & 0xff) }

    private static let frame = Duration.milliseconds(StressCorpus.frameMilliseconds)
    private static let silence: [UInt8] = {
        let encoder = try? OpusEncoder(frameDurationMilliseconds: StressCorpus.frameMilliseconds)
        return (try? encoder?.encode(frame: [Int16](repeating: 0, count: 16 * StressCorpus.frameMilliseconds))) ?? []
    }()

    /// Runs the device until the deadline (plus the wait for its last answer).
    func run(logger: Logger) async {
        var headers = HTTPFields()
        headers[HTTPField.Name("Device-Id")!] = deviceID
        headers[HTTPField.Name("Client-Id")!] = "asrctl-stress-\(index)"
        headers[HTTPField.Name("Protocol-Version")!] = String(options.framing.rawValue)
        if let token = options.token { headers[.authorization] = "Bearer \(token)" }
        let mailbox = ReplyMailbox()
        let counted = SessionFlag()
        do {
            _ = try await WebSocketClient.connect(
                url: options.deviceURL,
                configuration: .init(maxFrameSize: 1 << 16, additionalHeaders: headers),
                logger: logger
            ) { inbound, outbound, _ in
                let reader = Task {
                    do {
                        for try await message in inbound.messages(maxSize: 1 << 16) {
                            guard case .text(let text) = message,
                                let reply = try? JSONDecoder().decode(XiaozhiServerMessage.self, from: Data(text.utf8))
                            else { continue }
                            mailbox.put(reply)
                        }
                    } catch {}
                    mailbox.close()
                }
                defer { reader.cancel() }
                await session(outbound: outbound, mailbox: mailbox, counted: counted)
                try? await outbound.close(.normalClosure, reason: nil)
            }
        } catch {
            // A refused device's connection may also end in an error (the server closes it
            // right after the refusal): it was counted once already.
            if !counted.value {
                recorder.record(.refused(code: "connection failed: \(Self.describe(error))"))
                startLine?.withdraw()
            }
        }
    }

    private func session(outbound: WebSocketOutboundWriter, mailbox: ReplyMailbox, counted: SessionFlag) async {
        counted.value = true  // from here on this function counts the device, admitted or refused
        let hello =
            #"{"type":"hello","version":1,"transport":"websocket","audio_params":{"format":"opus","sample_rate":16000,"channels":1,"frame_duration":\#(StressCorpus.frameMilliseconds)}}"#
        guard (try? await outbound.write(.text(hello))) != nil else {
            recorder.record(.refused(code: "connection lost before hello"))
            startLine?.withdraw()
            return
        }
        let reply = await mailbox.next(before: .now + .seconds(options.answerTimeoutSeconds))
        guard let reply, reply.type == "hello" else {
            recorder.record(.refused(code: reply?.code ?? "no hello reply"))
            startLine?.withdraw()
            return
        }
        recorder.session(open: true)
        defer { recorder.session(open: false) }

        if let startLine {
            // A burst: one utterance, the same for every device, all starting in the same frame.
            let start = await startLine.arrive()
            try? await Task.sleep(until: start, clock: .continuous)
            var owed = 0
            recorder.record(await speak(corpus.burstUtterance, outbound: outbound, mailbox: mailbox, owed: &owed))
            return
        }

        var random = SeededGenerator(seed: options.seed &+ UInt64(index) &* 0x9E37_79B9)
        // Devices start spread over one conversation turn — a pause and a mean utterance — as
        // devices already in conversation would be, so the load is the steady one from the
        // first second (spread over the pause alone, the first turns of every device crowded
        // into it: ~1.4× the steady number listening at once). Devices starting together are
        // the burst (`--burst`).
        let turn = options.thinkSeconds + corpus.meanUtteranceSeconds
        try? await Task.sleep(for: .seconds(Double.random(in: 0...max(0.001, turn), using: &random)))
        // Answers still owed for utterances that timed out: when they come, they are not the
        // answer to the utterance being waited for.
        var owed = 0
        while ContinuousClock.now < deadline, !Task.isCancelled {
            let utterance = corpus.utterances[Int.random(in: 0..<corpus.utterances.count, using: &random)]
            let outcome = await speak(utterance, outbound: outbound, mailbox: mailbox, owed: &owed)
            recorder.record(outcome)
            if case .failed(let reason) = outcome, reason == "connection lost" { return }
            let pause = options.thinkSeconds * Double.random(in: 0.5...1.5, using: &random)
            try? await Task.sleep(for: .seconds(pause))
        }
    }

    /// One utterance: listen start, the frames in real time, then the wait for `stt`.
    private func speak(
        _ utterance: StressUtterance,
        outbound: WebSocketOutboundWriter,
        mailbox: ReplyMailbox,
        owed: inout Int
    ) async -> StressOutcome {
        let start = #"{"type":"listen","state":"start","mode":"\#(options.mode.rawValue)"}"#
        let stop = #"{"type":"listen","state":"stop"}"#
        do {
            try await outbound.write(.text(start))
            recorder.startedUtterance(seconds: utterance.seconds)
            // A device sends each frame once it has recorded it.
            let speaking = ContinuousClock.now
            for (number, packet) in utterance.packets.enumerated() {
                try await Task.sleep(until: speaking + Self.frame * (number + 1), clock: .continuous)
                let framed = options.framing.frame(
                    opus: packet,
                    timestamp: UInt32(truncatingIfNeeded: Int((ContinuousClock.now - speaking).seconds * 1000))
                )
                try await outbound.write(.binary(ByteBuffer(bytes: framed)))
            }
            let endOfSpeech = ContinuousClock.now
            let answerDeadline = endOfSpeech + .seconds(options.answerTimeoutSeconds)
            var reply: XiaozhiServerMessage?
            switch options.mode {
            case .manual:
                try await outbound.write(.text(stop))
                reply = await mailbox.next(before: answerDeadline)
                while let late = reply, late.type == "stt", owed > 0 {
                    owed -= 1
                    reply = await mailbox.next(before: answerDeadline)
                }
            case .auto:
                // Silence keeps flowing, as from a live microphone, until the server answers.
                var frames = 0
                while reply == nil, ContinuousClock.now < answerDeadline {
                    frames += 1
                    reply = await mailbox.next(before: min(answerDeadline, endOfSpeech + Self.frame * frames))
                    if reply?.type == "stt", owed > 0 {
                        owed -= 1
                        reply = nil
                        continue
                    }
                    if reply == nil { try await outbound.write(.binary(ByteBuffer(bytes: options.framing.frame(opus: Self.silence)))) }
                }
                try await outbound.write(.text(stop))
            }
            let latency = (ContinuousClock.now - endOfSpeech)
            guard let reply else {
                owed += 1
                return .failed(reason: "no stt within \(Int(options.answerTimeoutSeconds)) s")
            }
            guard reply.type == "stt" else {
                return .failed(reason: "\(reply.type) \(reply.code ?? "")".trimmingCharacters(in: .whitespaces))
            }
            return .answered(
                reference: utterance.reference,
                text: reply.text ?? "",
                latency: latency.seconds
            )
        } catch {
            return .failed(reason: "connection lost")
        }
    }

    private static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        return text.count > 80 ? String(text.prefix(80)) + "…" : text
    }
}
