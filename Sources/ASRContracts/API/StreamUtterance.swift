/// One utterance a device stream produced, with the figures that show the streaming settings at work.
public struct StreamUtterance: Sendable, Hashable, Codable {
    /// Why the utterance ended.
    public enum Ending: String, Sendable, Hashable, Codable {
        /// `listen stop` (manual mode, or a device stopping mid-utterance in auto mode).
        case stop
        /// The endpointer heard enough trailing silence.
        case silence
        /// The utterance reached the endpointer's length limit.
        case maxLength = "max_length"
    }

    public var text: String
    public var confidence: Double
    public var mode: ListenMode
    public var ending: Ending
    /// 16 kHz s16le bytes the decoder was fed for this utterance, pre-roll included.
    public var audioBytes: Int
    /// `process` calls the utterance took: ⌈audioBytes / ASR_CHUNK_SIZE⌉, plus one for the pre-roll.
    public var processCalls: Int
    /// Bytes of audio from before the detected speech start that were kept (≤ ASR_OVERLAP_SIZE).
    public var preRollBytes: Int
    /// Seconds `ps_end_utt` and the hypothesis took once the utterance was over.
    public var finalizeSeconds: Double
    /// Index, in the inputs of the job that ended the utterance, of the input that ended it
    /// (the session turns it into an end → `stt` latency).
    public var endingInput: Int

    package init(
        text: String,
        confidence: Double,
        mode: ListenMode,
        ending: Ending,
        audioBytes: Int,
        processCalls: Int,
        preRollBytes: Int,
        finalizeSeconds: Double,
        endingInput: Int
    ) {
        self.text = text
        self.confidence = confidence
        self.mode = mode
        self.ending = ending
        self.audioBytes = audioBytes
        self.processCalls = processCalls
        self.preRollBytes = preRollBytes
        self.finalizeSeconds = finalizeSeconds
        self.endingInput = endingInput
    }

    enum CodingKeys: String, CodingKey {
        case text, confidence, mode, ending
        case audioBytes = "audio_bytes"
        case processCalls = "process_calls"
        case preRollBytes = "pre_roll_bytes"
        case finalizeSeconds = "finalize_seconds"
        case endingInput = "ending_input"
    }
}
