import Synchronization

/// Where a device stream's decoder job stands in the decoders' order of work. The scheduler
/// reads it while the job waits: a stream's job is submitted while its speaker talks, and if the
/// speaker stops before a decoder takes it (`listen stop`), the session marks its speech ended
/// and the job moves ahead.
///
/// Latency counts from the end of speech. A job whose speech has ended — an HTTP request, or a
/// stream job holding `listen stop` — has someone waiting for it now; a job whose speech is
/// still arriving can wait unnoticed as long as the decoders keep up with real time. Among the
/// latter the stream that started speaking first goes first, so a burst of devices speaking
/// together is answered first come, first finished instead of everyone late together.
package final class StreamJobOrder: Sendable {
    /// When the stream started listening for this utterance (its `listen start` arrived).
    package let speechStarted: ContinuousClock.Instant
    /// When the oldest input in the job arrived: how far behind real time the stream is while
    /// the job waits.
    package let oldestInput: ContinuousClock.Instant
    private let ended: Atomic<Bool>

    /// - Parameter speechEnded: the job holds the end of its utterance (`listen stop`).
    package init(speechStarted: ContinuousClock.Instant, oldestInput: ContinuousClock.Instant, speechEnded: Bool) {
        self.speechStarted = speechStarted
        self.oldestInput = oldestInput
        self.ended = Atomic(speechEnded)
    }

    /// Whether the speaker has stopped: the job is finishing an utterance someone waits for.
    package var speechEnded: Bool { ended.load(ordering: .relaxed) }

    /// The speaker stopped while the job waited (or ran): it is now finishing its utterance.
    package func endSpeech() { ended.store(true, ordering: .relaxed) }
}
