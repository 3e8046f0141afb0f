import ASRContracts

/// The decoder side of one device stream: feeds PCM to the stream's decoder in
/// `ASR_CHUNK_SIZE` steps, runs the endpointer in auto/realtime mode and keeps
/// `ASR_OVERLAP_SIZE` bytes of pre-roll before a detected speech start.
///
/// It runs only inside decoder jobs (`handle`), one job at a time per stream, so its state
/// needs no lock; `@unchecked Sendable` lets the job closure carry it to the worker thread.
///
/// The decoder is leased, not owned: the session `attach`es one from the pool when the stream
/// starts listening and takes it back (`detachIfIdle`) once no utterance or probe is open, so
/// between listening periods the decoder serves other streams. Each lease starts afresh
/// (`startStream`: noise estimate) with the stream's own cepstral mean, so a listening period's
/// result depends on this stream's audio only, never on which decoder it got or what that
/// decoder heard for other streams. What survives between listening periods lives here: the
/// endpointer's settings and the cepstral mean learned from this stream's earlier utterances.
///
/// Why carry the mean: a device's microphone and room do not change between utterances, and
/// the model's initial mean (`-cmninit`) fits this corpus badly. Over the pocketsphinx-testdata
/// corpus after the Opus round trip, streamed with `-fwdflat no` in 20 ms chunks, each
/// utterance from the initial mean: WER 35.4 %, decoder CPU 7.6 s; the mean carried from the
/// previous utterance and moved to the frames seen every 0.5 s: WER 21.9 %, 6.2 s (whole-
/// utterance decoding with batch CMN: 27.1 %). A worse mean also widens the search: more
/// active HMMs and language-model lookups per frame, the same acoustic scoring.
///
/// In auto mode the decoder listens with a "probe" utterance open, which gives the VAD its
/// input. When the endpointer sees speech start, the probe is dropped and a fresh utterance —
/// from the model's initial cepstral mean — is fed the pre-roll and the chunks since the onset,
/// so what was heard before (and PocketSphinx's first ~0.8 s of noise learning) never reaches
/// the result. The noise estimate the VAD learned during the listening period is kept.
package final class StreamRecognizer: @unchecked Sendable {
    /// What one job did.
    package struct Report: Sendable {
        package var utterances: [StreamUtterance] = []
        /// `process` calls in this job, on utterances and on the probe.
        package var processCalls = 0
        package var probeProcessCalls = 0
        /// Seconds of audio fed.
        package var audioSeconds = 0.0
        /// The open utterance's best hypothesis after this job (only with `partialResults`).
        package var partial: String?
    }

    package let chunkSamples: Int
    package let overlapSamples: Int
    /// Whether each job reports the open utterance's hypothesis so far (`Report.partial`).
    package let partialResults: Bool
    private var decoder: StreamDecoder?
    private var endpointer: Endpointer
    private var streamStarted = false
    private var mode: ListenMode?
    /// Samples received but not yet a whole chunk.
    private var pending: [Int16] = []
    /// The last `overlapSamples` samples heard while waiting for speech.
    private var history: [Int16] = []
    /// Pre-roll and chunks of a possible speech start, fed again if speech is confirmed.
    private var preRoll: [Int16] = []
    private var candidate: [[Int16]] = []
    private var phase = Phase.closed
    /// The cepstral mean this stream's last utterance left (nil: none yet, the model's initial one).
    private var learnedNormalisation: PocketSphinxDecoder.Normalisation?
    /// Samples fed to the current utterance since the live mean last moved.
    private var samplesSinceNormalisation = 0
    private var probeSamples = 0
    /// The current (real) utterance's figures.
    private var utteranceBytes = 0
    private var utteranceCalls = 0
    private var utterancePreRoll = 0

    private enum Phase {
        /// No utterance open (not listening).
        case closed
        /// Auto/realtime: a probe utterance is open while waiting for speech.
        case probing
        /// An utterance is open: manual mode, or auto mode after speech started.
        case utterance
    }

    /// The most audio a probe utterance takes before it is restarted, so a long wait in noise
    /// does not grow the search.
    static let probeLimitSamples = 10 * PCMAudio.sampleRate

    /// How often the live cepstral mean moves to the frames of the utterance so far: 0.5 s of
    /// audio (by samples fed, so independent of how audio arrives in jobs).
    static let normalisationUpdateSamples = PCMAudio.sampleRate / 2

    /// - Parameters:
    ///   - chunkBytes: `ASR_CHUNK_SIZE` (even).
    ///   - overlapBytes: `ASR_OVERLAP_SIZE` (even).
    ///   - partialResults: report the open utterance's hypothesis after each job.
    package init(chunkBytes: Int, overlapBytes: Int, endpointer: Endpointer.Settings = .init(), partialResults: Bool = false) {
        self.partialResults = partialResults
        self.chunkSamples = max(1, chunkBytes / 2)
        self.overlapSamples = max(0, overlapBytes / 2)
        self.endpointer = Endpointer(settings: endpointer)
    }

    /// A recognizer with a decoder attached from the start.
    package convenience init(decoder: StreamDecoder, chunkBytes: Int, overlapBytes: Int, endpointer: Endpointer.Settings = .init()) {
        self.init(chunkBytes: chunkBytes, overlapBytes: overlapBytes, endpointer: endpointer)
        attach(decoder)
    }

    /// Whether a decoder is attached.
    package var hasDecoder: Bool { decoder != nil }

    /// Whether `inputs` need a decoder that is not attached: the stream is listening, or
    /// `inputs` start listening. Without one, inputs while not listening change nothing.
    package func needsDecoder(for inputs: [StreamInput]) -> Bool {
        guard decoder == nil else { return false }
        return mode != nil || inputs.contains { if case .start = $0 { true } else { false } }
    }

    /// Attaches a leased decoder; the next job starts it afresh (`startStream`).
    package func attach(_ decoder: StreamDecoder) {
        precondition(self.decoder == nil, "a stream recognizer already has a decoder")
        self.decoder = decoder
        streamStarted = false
    }

    /// Gives the decoder back if no utterance or probe is open and the stream is not
    /// listening; nil while it still needs it.
    package func detachIfIdle() -> StreamDecoder? {
        guard phase == .closed, mode == nil, let decoder else { return nil }
        self.decoder = nil
        return decoder
    }

    /// Gives the decoder back whatever its state (the stream is closing), with whether it is
    /// clean (no utterance open on it).
    package func detach() -> (decoder: StreamDecoder, clean: Bool)? {
        guard let decoder else { return nil }
        self.decoder = nil
        let clean = phase == .closed
        phase = .closed
        mode = nil
        return (decoder, clean)
    }

    /// Handles the inputs that arrived since the last job, in order. Runs on a decoder thread.
    /// - Parameter languageModelSlot: the slot of the decoder thread running the job
    ///   (`PocketSphinxDecoder.languageModelSlot` of its own decoder); required when the stream
    ///   decoder shares the language model, so that it scores with that thread's instance.
    package func handle(_ inputs: [StreamInput], languageModelSlot: Int? = nil) throws(SpeechEngineError) -> Report {
        guard let decoder else { throw .decodeFailed("no decoder is attached to this stream") }
        return try decoder.use { (decoder) throws(SpeechEngineError) -> Report in
            if decoder.sharedLanguageModel != nil {
                guard let languageModelSlot else {
                    throw .decodeFailed("a stream decoder sharing the language model ran without its decoder thread's slot")
                }
                try decoder.useLanguageModel(slot: languageModelSlot)
            }
            var report = Report()
            if !streamStarted {
                // A new lease: forget the noise estimate and the cepstral mean the decoder
                // learned from whichever stream used it before; take this stream's own mean.
                decoder.startStream()
                adoptLearnedNormalisation(decoder)
                streamStarted = true
            }
            for (index, input) in inputs.enumerated() {
                switch input {
                case .start(let newMode):
                    try close(decoder)
                    mode = newMode
                    pending.removeAll(keepingCapacity: true)
                    try open(decoder, probing: newMode.isEndpointed)
                case .detect:
                    // The wake word was heard: drop what came so far, keep listening.
                    if let mode {
                        try close(decoder)
                        pending.removeAll(keepingCapacity: true)
                        try open(decoder, probing: mode.isEndpointed)
                    }
                case .stop:
                    if phase == .utterance, let mode {
                        if !pending.isEmpty {
                            try feedUtterance(decoder, pending[...], report: &report)
                            pending.removeAll(keepingCapacity: true)
                        }
                        let utterance = try finish(decoder, mode: mode, ending: .stop, input: index)
                        // A manual utterance is always answered; in auto mode silence is not.
                        if !mode.isEndpointed || !utterance.text.isEmpty { report.utterances.append(utterance) }
                    }
                    try close(decoder)
                    mode = nil
                    pending.removeAll(keepingCapacity: true)
                case .audio(let samples):
                    guard let mode else { continue }
                    report.audioSeconds += Double(samples.count) / Double(PCMAudio.sampleRate)
                    pending += samples
                    var start = 0
                    while pending.count - start >= chunkSamples {
                        let chunk = pending[start..<start + chunkSamples]
                        start += chunkSamples
                        try step(decoder, chunk, mode: mode, input: index, report: &report)
                    }
                    pending.removeFirst(start)
                }
            }
            if partialResults, phase == .utterance { report.partial = decoder.partialText }
            return report
        }
    }

    // MARK: Steps

    private func step(
        _ decoder: PocketSphinxDecoder,
        _ chunk: ArraySlice<Int16>,
        mode: ListenMode,
        input: Int,
        report: inout Report
    ) throws(SpeechEngineError) {
        switch phase {
        case .closed:
            return
        case .utterance where !mode.isEndpointed:
            try feedUtterance(decoder, chunk, report: &report)
        case .utterance:
            let inSpeech = try feedUtterance(decoder, chunk, report: &report)
            let decision = endpointer.observe(
                level: Endpointer.level(of: chunk),
                vadInSpeech: inSpeech,
                seconds: seconds(chunk.count)
            )
            if case .end(let ending) = decision {
                let utterance = try finish(decoder, mode: mode, ending: ending, input: input)
                if !utterance.text.isEmpty { report.utterances.append(utterance) }
                history = Array(chunk.suffix(overlapSamples))
                try decoder.startUtterance()
                phase = .probing
                probeSamples = 0
            }
        case .probing:
            let inSpeech = try chunk.withUnsafeBufferPointer { (buffer) throws(SpeechEngineError) in try decoder.process(buffer) }
            report.processCalls += 1
            report.probeProcessCalls += 1
            probeSamples += chunk.count
            let decision = endpointer.observe(
                level: Endpointer.level(of: chunk),
                vadInSpeech: inSpeech,
                seconds: seconds(chunk.count)
            )
            switch decision {
            case .candidate(let first):
                if first {
                    preRoll = history
                    candidate.removeAll()
                }
                candidate.append(Array(chunk))
            case .start:
                if candidate.isEmpty { preRoll = history }
                candidate.append(Array(chunk))
                // Speech: drop the probe, feed a fresh utterance from just before the onset. The
                // cepstral mean the probe learned from background noise goes too: left in place
                // it turns "go forward ten meters" into "… ten years".
                _ = try decoder.endUtterance()
                adoptLearnedNormalisation(decoder)
                try decoder.startUtterance()
                phase = .utterance
                resetUtteranceFigures()
                if !preRoll.isEmpty {
                    utterancePreRoll = preRoll.count * 2
                    try feedUtterance(decoder, preRoll[...], report: &report)
                }
                for piece in candidate { try feedUtterance(decoder, piece[...], report: &report) }
                candidate.removeAll()
                preRoll.removeAll()
            case .idle, .speech, .end:
                candidate.removeAll()
                if probeSamples >= Self.probeLimitSamples {
                    _ = try decoder.endUtterance()
                    try decoder.startUtterance()
                    probeSamples = 0
                }
            }
            remember(chunk)
        }
    }

    @discardableResult
    private func feedUtterance(
        _ decoder: PocketSphinxDecoder,
        _ samples: ArraySlice<Int16>,
        report: inout Report
    ) throws(SpeechEngineError) -> Bool {
        let inSpeech = try samples.withUnsafeBufferPointer { (buffer) throws(SpeechEngineError) in try decoder.process(buffer) }
        samplesSinceNormalisation += samples.count
        if samplesSinceNormalisation >= Self.normalisationUpdateSamples {
            decoder.updateNormalisation()
            samplesSinceNormalisation = 0
        }
        utteranceCalls += 1
        utteranceBytes += samples.count * 2
        report.processCalls += 1
        return inSpeech
    }

    private func finish(
        _ decoder: PocketSphinxDecoder,
        mode: ListenMode,
        ending: StreamUtterance.Ending,
        input: Int
    ) throws(SpeechEngineError) -> StreamUtterance {
        let started = ContinuousClock.now
        let hypothesis = try decoder.endUtterance()
        learnedNormalisation = decoder.normalisation
        let utterance = StreamUtterance(
            text: hypothesis.text,
            confidence: hypothesis.confidence,
            mode: mode,
            ending: ending,
            audioBytes: utteranceBytes,
            processCalls: utteranceCalls,
            preRollBytes: utterancePreRoll,
            finalizeSeconds: (ContinuousClock.now - started).seconds,
            endingInput: input
        )
        phase = .closed
        resetUtteranceFigures()
        return utterance
    }

    private func open(_ decoder: PocketSphinxDecoder, probing: Bool) throws(SpeechEngineError) {
        endpointer.reset()
        candidate.removeAll()
        preRoll.removeAll()
        resetUtteranceFigures()
        // Every utterance starts from the mean this stream's speech left, not from what the
        // decoder heard while probing noise or serving another stream.
        adoptLearnedNormalisation(decoder)
        try decoder.startUtterance()
        phase = probing ? .probing : .utterance
        probeSamples = 0
    }

    private func close(_ decoder: PocketSphinxDecoder) throws(SpeechEngineError) {
        if decoder.isInUtterance { _ = try decoder.endUtterance() }
        phase = .closed
        candidate.removeAll()
        preRoll.removeAll()
    }

    /// Gives `decoder` the cepstral mean this stream's speech left (the model's initial one
    /// before its first utterance) and starts counting toward the next mid-utterance update.
    private func adoptLearnedNormalisation(_ decoder: PocketSphinxDecoder) {
        decoder.restoreNormalisation(learnedNormalisation)
        samplesSinceNormalisation = 0
    }

    private func remember(_ chunk: ArraySlice<Int16>) {
        guard overlapSamples > 0 else { return }
        history.append(contentsOf: chunk.suffix(overlapSamples))
        if history.count > overlapSamples { history.removeFirst(history.count - overlapSamples) }
    }

    private func resetUtteranceFigures() {
        utteranceBytes = 0
        utteranceCalls = 0
        utterancePreRoll = 0
    }

    private func seconds(_ samples: Int) -> Double { Double(samples) / Double(PCMAudio.sampleRate) }
}
