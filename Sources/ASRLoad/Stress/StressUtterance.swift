/// One recorded utterance a simulated device speaks: what was said, and the audio as the
/// device sends it (60 ms Opus packets).
package struct StressUtterance: Sendable {
    /// The corpus id (file name without extension).
    package var id: String
    /// The transcript, to score what comes back.
    package var reference: String
    /// Seconds of recorded audio (what the device streams in real time).
    package var seconds: Double
    /// The audio as Opus packets of `StressCorpus.frameMilliseconds` each.
    package var packets: [[UInt8]]
}
