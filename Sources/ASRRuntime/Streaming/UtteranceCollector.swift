import ASRContracts

/// The stream side of an engine that takes whole utterances (an upstream): collects a device's
/// audio into utterances — from `listen start` to `listen stop` in manual mode, cut by the
/// endpointer in auto/realtime mode with `ASR_OVERLAP_SIZE` bytes of pre-roll — and hands each
/// over when it ends, to be sent whole.
///
/// Without a PocketSphinx decoder there is no voice-activity detector, so the endpointer
/// decides by level alone: speech starts 12 dB over the tracked noise floor and ends after
/// 0.5 s of quiet (see `Endpointer`). Used by one session's feed loop only, so it needs no lock.
final class UtteranceCollector {
    /// One utterance, ready to send.
    struct Utterance {
        var samples: [Int16]
        var mode: ListenMode
        var ending: StreamUtterance.Ending
        var preRollBytes: Int
        /// Index, in the inputs handed to `handle`, of the input that ended it.
        var endingInput: Int
    }

    private let chunkSamples: Int
    private let overlapSamples: Int
    /// The longest utterance the engine takes, in samples; longer ones are cut there.
    private let maximumSamples: Int
    private var endpointer: Endpointer
    private var mode: ListenMode?
    private var inUtterance = false
    private var samples: [Int16] = []
    private var preRollBytes = 0
    /// Received but not yet a whole chunk (auto mode only).
    private var pending: [Int16] = []
    private var history: [Int16] = []
    private var candidate: [Int16] = []
    private var candidatePreRoll: [Int16] = []

    init(chunkBytes: Int, overlapBytes: Int, endpointer: Endpointer.Settings, maximumSeconds: Double?) {
        chunkSamples = max(1, chunkBytes / 2)
        overlapSamples = max(0, overlapBytes / 2)
        var settings = endpointer
        if let maximumSeconds { settings.maxUtteranceSeconds = min(settings.maxUtteranceSeconds, maximumSeconds) }
        maximumSamples = Int(settings.maxUtteranceSeconds * Double(PCMAudio.sampleRate))
        self.endpointer = Endpointer(settings: settings)
    }

    /// The utterances that `inputs`, in order, complete.
    func handle(_ inputs: [StreamInput]) -> [Utterance] {
        var finished: [Utterance] = []
        for (index, input) in inputs.enumerated() {
            switch input {
            case .start(let newMode):
                reset()
                mode = newMode
                inUtterance = !newMode.isEndpointed
            case .detect:
                // The wake word was heard: drop what came so far, keep listening.
                if let mode {
                    reset()
                    self.mode = mode
                    inUtterance = !mode.isEndpointed
                }
            case .stop:
                if let mode, inUtterance, !samples.isEmpty || !mode.isEndpointed {
                    samples += pending
                    finished.append(cut(mode, .stop, index))
                }
                reset()
            case .audio(let audio):
                guard let mode else { continue }
                if !mode.isEndpointed {
                    samples += audio
                    if samples.count >= maximumSamples { finished.append(cut(mode, .maxLength, index)) }
                    continue
                }
                pending += audio
                var start = 0
                while pending.count - start >= chunkSamples {
                    if let utterance = step(pending[start..<start + chunkSamples], mode: mode, input: index) {
                        finished.append(utterance)
                    }
                    start += chunkSamples
                }
                pending.removeFirst(start)
            }
        }
        return finished
    }

    /// One chunk of endpointed (auto/realtime) listening.
    private func step(_ chunk: ArraySlice<Int16>, mode: ListenMode, input: Int) -> Utterance? {
        let decision = endpointer.observe(
            level: Endpointer.level(of: chunk),
            vadInSpeech: true,
            seconds: Double(chunk.count) / Double(PCMAudio.sampleRate)
        )
        defer { remember(chunk) }
        if inUtterance {
            samples += chunk
            if case .end(let ending) = decision {
                let utterance = cut(mode, ending, input)
                inUtterance = false
                return utterance
            }
            return nil
        }
        switch decision {
        case .candidate(let first):
            if first {
                candidatePreRoll = history
                candidate.removeAll()
            }
            candidate += chunk
        case .start:
            if candidate.isEmpty { candidatePreRoll = history }
            samples = candidatePreRoll + candidate + chunk
            preRollBytes = candidatePreRoll.count * 2
            candidate.removeAll()
            candidatePreRoll.removeAll()
            inUtterance = true
        case .idle, .speech, .end:
            candidate.removeAll()
        }
        return nil
    }

    private func cut(_ mode: ListenMode, _ ending: StreamUtterance.Ending, _ input: Int) -> Utterance {
        let utterance = Utterance(samples: samples, mode: mode, ending: ending, preRollBytes: preRollBytes, endingInput: input)
        samples.removeAll(keepingCapacity: true)
        preRollBytes = 0
        if mode.isEndpointed { endpointer.reset() }
        return utterance
    }

    private func remember(_ chunk: ArraySlice<Int16>) {
        guard overlapSamples > 0 else { return }
        history.append(contentsOf: chunk.suffix(overlapSamples))
        if history.count > overlapSamples { history.removeFirst(history.count - overlapSamples) }
    }

    private func reset() {
        mode = nil
        inUtterance = false
        samples.removeAll(keepingCapacity: true)
        pending.removeAll(keepingCapacity: true)
        candidate.removeAll()
        candidatePreRoll.removeAll()
        preRollBytes = 0
        endpointer.reset()
    }
}
