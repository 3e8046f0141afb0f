import Synchronization

/// One unit of work waiting for a decoder thread: usually the recognition of one utterance.
///
/// A job is completed exactly once — by the worker that runs it, or earlier by `fail(_:)`
/// (cancellation, shutdown without workers) — whichever comes first; later attempts do nothing.
/// Schedulers see `priority`, `audioSeconds`, `stream` and `enqueuedAt` to order and batch jobs.
package final class DecoderJob: Sendable {
    /// How urgent the job is.
    package let priority: RecognitionPriority
    /// The audio the job recognises, if it is a recognition (nil for other decoder work).
    package let audio: PCMAudio?
    /// Seconds of audio the job decodes (0 if unknown): how long it will hold a decoder.
    package let audioSeconds: Double
    /// A device stream's job: where it stands while its speech goes on. Nil for a whole
    /// utterance (an HTTP request), whose speech has ended.
    package let stream: StreamJobOrder?
    /// When the job was created, for queue-wait statistics and ageing.
    package let enqueuedAt: ContinuousClock.Instant

    private let execute: @Sendable (PocketSphinxDecoder) -> Void
    private let abandon: @Sendable (any Error) -> Void
    private let claimed = Atomic<Bool>(false)

    /// A job that runs `work` on a worker's decoder and resumes `continuation` with its result.
    /// - Parameter audioSeconds: the audio `work` decodes when it is not `audio` (a stream's inputs).
    package init<Value: Sendable>(
        priority: RecognitionPriority,
        audio: PCMAudio?,
        audioSeconds: Double? = nil,
        stream: StreamJobOrder? = nil,
        continuation: CheckedContinuation<Value, any Error>,
        work: @escaping @Sendable (PocketSphinxDecoder) throws -> Value
    ) {
        self.priority = priority
        self.audio = audio
        self.audioSeconds = audioSeconds ?? audio?.duration ?? 0
        self.stream = stream
        self.enqueuedAt = .now
        self.execute = { decoder in continuation.resume(with: Result { try work(decoder) }) }
        self.abandon = { error in continuation.resume(throwing: error) }
    }

    /// Whether the speech the job decodes has ended: someone waits for its result now.
    package var isFinishing: Bool { stream?.speechEnded ?? true }

    /// Whether the job has been run or failed already.
    package var isCompleted: Bool { claimed.load(ordering: .acquiring) }

    /// Runs the job on `decoder` (called on the decoder's own thread), unless it already completed.
    package func run(on decoder: PocketSphinxDecoder) {
        guard claim() else { return }
        execute(decoder)
    }

    /// Completes the job with `error` without running it, unless it already completed or started.
    package func fail(_ error: any Error) {
        guard claim() else { return }
        abandon(error)
    }

    private func claim() -> Bool {
        claimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }
}
