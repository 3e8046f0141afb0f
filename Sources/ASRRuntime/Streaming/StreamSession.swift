import ASRContracts
import Foundation
import Logging
import Synchronization

/// The decoding half of one stream, a device's or a FunASR client's: what its connection hands
/// it (`listen` changes and audio, in arrival order) is fed to the stream's decoder, one job at
/// a time with everything that arrived since the last one, so a busy scheduler makes batches
/// larger instead of queueing more jobs. Transcripts go to a `StreamSessionOutput`.
///
/// When the stream's language (its hello's, else `ASR_LANGUAGE`) is routed to an engine that
/// takes whole utterances (an upstream), no decoder is leased: the audio is collected into
/// utterances (`UtteranceCollector`) and each is sent when it ends. The same happens for one
/// listening period when no stream decoder can be had — none idle while another is loading (a
/// burst), or memory critical and none given back: its utterances are decoded whole on the
/// engine's own decoders, which costs no memory beyond the audio and no decoder load, instead
/// of waiting for a decoder or being refused.
final class StreamSession: Sendable {
    private let streams: DeviceStreams
    private let logger: Logger
    private let inbox = Mutex(Inbox())
    private let spokenLanguage = Mutex<String?>(nil)
    private let doorbell: AsyncStream<Void>
    private let ring: AsyncStream<Void>.Continuation

    private struct Inbox {
        var inputs: [(input: StreamInput, arrived: ContinuousClock.Instant)] = []
        var backlogSamples = 0
        var listening: ListenMode?
        /// The job under way (queued or running), so that `listen stop` can move it ahead.
        var inFlight: StreamJobOrder?

        /// Whether the oldest input has waited `seconds` (audio that stopped short of a job's worth).
        func hasWaited(_ seconds: Double) -> Bool {
            inputs.first.map { (ContinuousClock.now - $0.arrived).seconds >= seconds } ?? false
        }
    }

    /// Whether the client is sent the utterance so far while it is spoken (`output.partial`).
    private let partialResults: Bool

    init(streams: DeviceStreams, partialResults: Bool = false, logger: Logger) {
        self.streams = streams
        self.partialResults = partialResults
        self.logger = logger
        (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The language the device's hello named; the stream's engine is chosen by it at the first
    /// `listen start`.
    func speaks(_ language: String?) {
        spokenLanguage.withLock { $0 = language }
    }

    /// The stream's language: its hello's, else `ASR_LANGUAGE`.
    private var language: String { spokenLanguage.withLock { $0 } ?? streams.defaultLanguage }

    /// The listening mode since the last `listen start`; nil when not listening.
    var listening: ListenMode? { inbox.withLock { $0.listening } }

    /// A `listen` change: start, stop or detect.
    func control(_ input: StreamInput) {
        inbox.withLock { inbox in
            switch input {
            case .start(let mode): inbox.listening = mode
            case .stop:
                inbox.listening = nil
                // The speaker stopped: the job still waiting for a decoder finishes an utterance now.
                inbox.inFlight?.endSpeech()
            default: break
            }
            inbox.inputs.append((input, .now))
        }
        ring.yield()
    }

    /// Decoded audio while listening.
    /// - Returns: false, and drops the audio, when `backlogLimitSeconds` of audio already waits
    ///   for the decoder.
    func append(_ samples: [Int16]) -> Bool {
        let limit = Int(streams.backlogLimitSeconds) * PCMAudio.sampleRate
        let accepted = inbox.withLock { inbox -> Bool in
            guard inbox.backlogSamples + samples.count <= limit else { return false }
            inbox.backlogSamples += samples.count
            inbox.inputs.append((.audio(samples), .now))
            return true
        }
        if accepted { ring.yield() }
        return accepted
    }

    /// The connection is gone: `run` returns once the job under way (if any) ends.
    func finish() {
        ring.finish()
    }

    /// Feeds the decoder until `finish()`, a decoding failure, or cancellation.
    func run(output: some StreamSessionOutput) async {
        await withTaskGroup(of: Void.self) { group in
            // Audio that stopped short of a job's worth is decoded anyway once it has waited.
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    if self.inbox.withLock({ $0.hasWaited(self.streams.jobAudioSeconds) }) { self.ring.yield() }
                }
            }
            await feed(output)
            group.cancelAll()
        }
    }

    private func feed(_ output: some StreamSessionOutput) async {
        let recognizer = StreamRecognizer(
            chunkBytes: streams.chunkBytes,
            overlapBytes: streams.overlapBytes,
            endpointer: streams.endpointer,
            partialResults: partialResults
        )
        defer {
            // The connection is gone. A decoder still leased goes back; mid-utterance it is
            // freed rather than kept (see `StreamDecoderPool.release`).
            if let (decoder, clean) = recognizer.detach() { streams.pool.release(decoder, clean: clean) }
        }
        let jobSamples = Int(streams.jobAudioSeconds * Double(PCMAudio.sampleRate))
        // Decided at the first listen start: whole utterances to an upstream, or a decoder here.
        var wholeUtterances: (collector: UtteranceCollector, language: String)?
        // Collecting whole utterances only until this listening period ends (no decoder was free).
        var collectingUntilListeningEnds = false
        var engineChosen = streams.utterances == nil
        // When the current listening period's `listen start` arrived: orders this stream's jobs.
        var listeningSince = ContinuousClock.now
        for await _ in doorbell {
            let collecting = wholeUtterances != nil
            let batch = inbox.withLock { inbox -> [(input: StreamInput, arrived: ContinuousClock.Instant)] in
                // Audio alone goes once a job's worth has arrived or the oldest has waited that
                // long (see `jobAudioSeconds`); listen start/stop/detect go at once, with the
                // audio before them.
                let control = inbox.inputs.contains { if case .audio = $0.input { false } else { true } }
                guard
                    control || collecting || inbox.backlogSamples >= jobSamples || inbox.hasWaited(streams.jobAudioSeconds)
                else { return [] }
                defer {
                    inbox.inputs.removeAll(keepingCapacity: true)
                    inbox.backlogSamples = 0
                }
                return inbox.inputs
            }
            guard !batch.isEmpty else { continue }
            let inputs = batch.map(\.input)
            let endsListening = inputs.contains { if case .stop = $0 { true } else { false } }
            let listeningStart = batch.last { if case .start = $0.input { true } else { false } }
            if let listeningStart { listeningSince = listeningStart.arrived }
            // Every way out of handling a batch but the session ending passes the end of listening on.
            handling: do {
                if !engineChosen, let utterances = streams.utterances, inputs.contains(where: { if case .start = $0 { true } else { false } }) {
                    let language = self.language
                    do {
                        if let engine = try utterances.wholeUtteranceEngine(for: language) {
                            wholeUtterances = (collector(maximumSeconds: engine.maximumAudioSeconds), language)
                        }
                        engineChosen = true
                    } catch {
                        await refuseListening(reason: error.message, code: error.code, output: output)
                        break handling
                    }
                }
                if wholeUtterances == nil {
                    if listeningStart != nil, !recognizer.hasDecoder, streams.jobs.streamLagSeconds > streams.busyLagSeconds {
                        // The decoders are behind real time: this utterance would only add to the
                        // wait of those already speaking, and its own answer would come seconds late.
                        await refuseListening(
                            reason: String(
                                format: "the decoders are %.1f s behind real time; this utterance is not listened to — listen again shortly",
                                streams.jobs.streamLagSeconds
                            ),
                            code: UtteranceRefusal.busy,
                            output: output
                        )
                        break handling
                    }
                    if recognizer.needsDecoder(for: inputs) {
                        // Listening starts (or goes on): lease a decoder for the listening period —
                        // one that is idle or can load at once; in a burst the others are decoded whole.
                        do {
                            recognizer.attach(try await streams.pool.acquire(unlessLoading: streams.utterances != nil))
                        } catch SpeechEngineError.noDecoder(let reason) where streams.utterances != nil {
                            logger.notice("no stream decoder free (\(reason)); this listening period is decoded whole when it ends")
                            wholeUtterances = (collector(maximumSeconds: nil), language)
                            collectingUntilListeningEnds = true
                        } catch SpeechEngineError.noDecoder(let reason) {
                            await refuseListening(
                                reason: "no decoder free for this utterance: \(reason); the audio is dropped — listen again shortly",
                                code: UtteranceRefusal.memoryCritical,
                                output: output
                            )
                            break handling
                        } catch {
                            await output.fail("no decoder for this stream: \(error)", code: "engine_failed")
                            return
                        }
                    }
                }
                if let (collector, language) = wholeUtterances {
                    for utterance in collector.handle(inputs) {
                        guard await send(utterance, language: language, arrivals: batch.map(\.arrived), output: output) else { return }
                    }
                    if collectingUntilListeningEnds, endsListening {
                        wholeUtterances = nil
                        collectingUntilListeningEnds = false
                    }
                    break handling
                }
                // Not listening: stop, detect and late frames change nothing.
                guard recognizer.hasDecoder else { break handling }
                let order = StreamJobOrder(speechStarted: listeningSince, oldestInput: batch[0].arrived, speechEnded: endsListening)
                let report: StreamRecognizer.Report
                do {
                    report = try await run(recognizer, inputs, order: order)
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("stream decoding failed: \(error)")
                    await output.fail("decoding failed: \(error)", code: "decode_failed")
                    return
                }
                // Listening over: the decoder serves other streams until this one listens again.
                if let decoder = recognizer.detachIfIdle() { streams.pool.release(decoder) }
                for utterance in report.utterances {
                    // Counted before it is sent, so whoever reads the stt can read the figures too.
                    let latency = (ContinuousClock.now - batch[utterance.endingInput].arrived).seconds
                    streams.statistics.record(utterance, latency: latency)
                    await output.transcript(utterance.text, ending: utterance.ending)
                    logger.debug(
                        "stt \"\(utterance.text)\" (\(utterance.ending.rawValue), \(utterance.processCalls) process calls, \(String(format: "%.3f", latency)) s)"
                    )
                }
                if let partial = report.partial, !partial.isEmpty { await output.partial(partial) }
            }  // handling
            if endsListening { await output.listeningEnded() }
        }
    }

    /// A collector of this stream's audio into whole utterances of at most `maximumSeconds`.
    private func collector(maximumSeconds: Double?) -> UtteranceCollector {
        UtteranceCollector(
            chunkBytes: streams.chunkBytes,
            overlapBytes: streams.overlapBytes,
            endpointer: streams.endpointer,
            maximumSeconds: maximumSeconds
        )
    }

    /// One whole utterance to its engine; the transcript (or why there is none) to the device.
    /// - Returns: false when the session must end (cancelled).
    private func send(
        _ utterance: UtteranceCollector.Utterance,
        language: String,
        arrivals: [ContinuousClock.Instant],
        output: some StreamSessionOutput
    ) async -> Bool {
        guard let utterances = streams.utterances else { return true }
        let started = ContinuousClock.now
        do {
            let transcription = try await utterances.recognize(utterance: PCMAudio(samples: utterance.samples), language: language)
            let record = StreamUtterance(
                text: transcription.text,
                confidence: transcription.confidence,
                mode: utterance.mode,
                ending: utterance.ending,
                audioBytes: utterance.samples.count * 2,
                processCalls: 0,
                preRollBytes: utterance.preRollBytes,
                finalizeSeconds: (ContinuousClock.now - started).seconds,
                endingInput: utterance.endingInput
            )
            streams.statistics.record(record, latency: (ContinuousClock.now - arrivals[utterance.endingInput]).seconds)
            // A manual utterance is always answered; in auto mode silence is not.
            if !utterance.mode.isEndpointed || !transcription.text.isEmpty {
                await output.transcript(transcription.text, ending: utterance.ending)
            }
        } catch is CancellationError {
            return false
        } catch let refusal as UtteranceRefusal {
            streams.statistics.update { $0.refusedUtterances += 1 }
            logger.notice("utterance not recognised: \(refusal.message)")
            await output.warn("this utterance was not recognised: \(refusal.message)", code: refusal.code)
        } catch {
            streams.statistics.update { $0.refusedUtterances += 1 }
            await output.warn("this utterance was not recognised: \(error)", code: "engine_failed")
        }
        return true
    }

    /// No engine or decoder for this listening period (a language no engine serves; memory
    /// critical, no decoder free, none given back within the pool's short wait): the device is
    /// told why, and its audio until the next `listen start` is dropped — it must not wait for
    /// an `stt` that will not come.
    private func refuseListening(reason: String, code: String, output: some StreamSessionOutput) async {
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
        await output.warn(reason, code: code)
    }

    /// One decoder job on the engine's threads; a full queue is waited out, since the audio
    /// cannot be refused without losing the utterance.
    private func run(_ recognizer: StreamRecognizer, _ inputs: [StreamInput], order: StreamJobOrder) async throws -> StreamRecognizer.Report {
        let samples = inputs.reduce(0) { if case .audio(let samples) = $1 { $0 + samples.count } else { $0 } }
        inbox.withLock { $0.inFlight = order }
        defer { inbox.withLock { $0.inFlight = nil } }
        while true {
            do {
                let (report, seconds) = try await streams.jobs.perform(
                    priority: .high,
                    order: order,
                    audioSeconds: Double(samples) / Double(PCMAudio.sampleRate)
                ) { worker in
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
}
