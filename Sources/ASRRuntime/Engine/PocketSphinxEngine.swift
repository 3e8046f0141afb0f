import ASRContracts
import Foundation
import Synchronization

/// The embedded speech engine: PocketSphinx decoders on dedicated threads behind a job queue.
///
/// `start()` loads one decoder per worker thread and returns when all are ready (the service
/// answers /health with 503 until then). `recognize` queues the utterance and suspends the
/// caller — no thread is blocked on its behalf — until a worker has decoded it.
/// `shutdown()` refuses new work, lets the workers finish everything queued, and returns
/// once their threads have exited and released their decoders.
public final class PocketSphinxEngine: SpeechEngine {
    /// The engine id used in cache keys (`configuration.engineID`).
    public let id: String
    /// What every decoder is created from.
    package let configuration: PocketSphinxConfiguration
    /// The decoder threads.
    package let workers: DecoderWorkers

    private let queue: any JobQueue
    private let phase = Mutex(Phase.idle)

    private enum Phase {
        case idle, starting, running, stopping
    }

    /// An engine with `workerCount` decoder threads taking up to `batchSize` jobs per dispatch
    /// from `queue` (FIFO by default).
    /// - Parameter languageModel: one language model shared by the decoders (and by any decoder
    ///   `perform` runs on them) instead of one per decoder; it needs `workerCount` slots. Results
    ///   are identical; see `PocketSphinxDecoder.SharedLanguageModel`.
    package init(
        configuration: PocketSphinxConfiguration,
        workerCount: Int,
        batchSize: Int = 1,
        queue: any JobQueue = FIFOJobQueue(),
        languageModel: PocketSphinxDecoder.SharedLanguageModel? = nil
    ) {
        self.id = configuration.engineID
        self.configuration = configuration
        self.queue = queue
        self.workers = DecoderWorkers(
            configuration: configuration,
            count: workerCount,
            batchSize: batchSize,
            source: queue,
            languageModel: languageModel
        )
    }

    /// The language model the decoders share, if they do.
    public var languageModel: PocketSphinxDecoder.SharedLanguageModel? { workers.languageModel }

    /// An engine for the runtime's `ASR_MODEL_DIR` with `ASR_WORKER_THREADS` decoder threads.
    public convenience init(runtime: RuntimeConfiguration) {
        self.init(configuration: PocketSphinxConfiguration(runtime: runtime), workerCount: runtime.workerThreads)
    }

    /// Loads every decoder; returns when all are ready. Safe to call more than once and
    /// concurrently: every caller gets the same outcome.
    /// - Throws: `SpeechEngineError` if a decoder cannot be created; the engine then shuts
    ///   itself down and stays unusable.
    public func start() async throws {
        let stopping = phase.withLock { phase -> Bool in
            if phase == .idle { phase = .starting }
            return phase == .stopping
        }
        guard !stopping else { throw SpeechEngineError.shutDown }
        do {
            try await workers.start()
            phase.withLock { if $0 == .starting { $0 = .running } }
        } catch {
            await shutdown()
            throw error
        }
    }

    /// Whether every decoder is loaded and the engine takes work.
    public var isReady: Bool {
        phase.withLock { $0 == .running } && workers.isReady
    }

    /// Decoder threads currently decoding.
    public var busyWorkers: Int { workers.busyCount }

    /// Jobs waiting for a decoder thread.
    package var queuedJobs: Int { queue.count }

    /// In process, decoding audio as it arrives; one language, the model's.
    package var capabilities: EngineCapabilities {
        EngineCapabilities(name: "pocketsphinx", languages: [configuration.language], decodesIncrementally: true)
    }

    /// Recognises `audio` with the model's language, whatever `language` says (routing sends
    /// only the languages `capabilities` lists, or every request when this is the one engine).
    package func recognize(_ audio: PCMAudio, language: String, priority: RecognitionPriority) async throws -> Transcription {
        try await recognize(audio, priority: priority)
    }

    package func recognize(_ audio: PCMAudio, priority: RecognitionPriority = .medium) async throws -> Transcription {
        try await perform(priority: priority, audio: audio) { decoder in
            let started = ContinuousClock.now
            let hypothesis = try decoder.decode(audio)
            let elapsed = ContinuousClock.now - started
            return Transcription(
                text: hypothesis.text,
                confidence: hypothesis.confidence,
                decodeSeconds: elapsed.seconds,
                audioSeconds: audio.duration
            )
        }
    }

    /// Runs `work` on a decoder thread with that thread's decoder, queued like a recognition.
    /// For work other than whole-utterance recognition (diagnostics, tests, later streaming);
    /// `work` must not keep the decoder beyond its return.
    /// - Parameters:
    ///   - audio: the audio `work` decodes, if any, so schedulers can weigh the job.
    ///   - audioSeconds: how much audio `work` decodes when it is not `audio`.
    ///   - stream: a device stream's job: where it stands while its speech goes on.
    /// - Throws: what `work` throws; `SpeechEngineError.notStarted` / `.shutDown`;
    ///   `CancellationError` if the task is cancelled before a worker picks the job up.
    package func perform<Value: Sendable>(
        priority: RecognitionPriority = .medium,
        audio: PCMAudio? = nil,
        audioSeconds: Double? = nil,
        stream: StreamJobOrder? = nil,
        _ work: @escaping @Sendable (PocketSphinxDecoder) throws -> Value
    ) async throws -> Value {
        switch phase.withLock({ $0 }) {
        case .idle: throw SpeechEngineError.notStarted
        case .stopping: throw SpeechEngineError.shutDown
        case .starting, .running: break
        }
        try Task.checkCancellation()
        let job = Mutex<DecoderJob?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let created = DecoderJob(
                    priority: priority,
                    audio: audio,
                    audioSeconds: audioSeconds,
                    stream: stream,
                    continuation: continuation,
                    work: work
                )
                job.withLock { $0 = created }
                // Cancelled before the job existed: the handler below found nothing to cancel.
                if Task.isCancelled { created.fail(CancellationError()) }
                do {
                    try queue.submit(created)
                } catch {
                    created.fail(error)
                }
            }
        } onCancel: {
            // Completes the job now if no worker has started it; the worker then skips it.
            job.withLock { $0 }?.fail(CancellationError())
        }
    }

    /// Takes no new work, lets the workers finish every queued job, and returns once all
    /// decoder threads have exited and freed their decoders.
    public func shutdown() async {
        phase.withLock { $0 = .stopping }
        queue.close()
        await workers.waitUntilStopped()
        // If no worker ever came up, nobody drained the queue: fail what is left.
        while case let jobs = queue.next(maxBatch: 64), !jobs.isEmpty {
            for job in jobs { job.fail(SpeechEngineError.shutDown) }
        }
    }
}
