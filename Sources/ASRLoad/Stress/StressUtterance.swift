/// One recorded utterance a simulated device speaks: what was said, and the audio as the
/// device sends it (60 ms Opus packets).
public struct StressUtterance: Sendable {
    /// The corpus id (file name without extension).
    public var id: String
    /// The transcript, to score what comes back.
    public var reference: String
    /// Seconds of recorded audio (what the device streams in real time).
    public var seconds: Double
    /// The audio as Opus packets of `StressCorpus.frameMilliseconds` each.
    public var packets: [[UInt8]]
}
