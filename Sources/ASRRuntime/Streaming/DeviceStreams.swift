import ASRContracts
import Synchronization

/// Everything device streams share: their decoder pool, the decoder threads their jobs run on,
/// statistics, the streaming settings, and whether the runtime is closing them (SIGTERM).
///
/// Why a decoder per listening stream: PocketSphinx cannot save and restore an utterance's
/// search, so an utterance needs one decoder from its first chunk to its last. Pinning a
/// worker's decoder for that long would hold it for the utterance's real-time length (~5× its
/// CPU need) and block HTTP requests; so a stream leases its own decoder object while it
/// listens, and gives it back when it stops, while the CPU work on it — one job per batch of
/// arrived audio — runs on the engine's worker threads through the same scheduler as HTTP
/// requests. Worker decoders never see a stream, so whole-utterance HTTP decodes keep their
/// batch normalisation. Stream decoders share the engine's language model (one instance per
/// worker thread) and load the dictionary cut to its words, so each costs ~41 MB instead of
/// ~90 MB with en-us.
package final class DeviceStreams: Sendable {
    package let pool: StreamDecoderPool
    /// Where stream jobs run: the engine's decoder threads.
    package let jobs: any StreamJobRunner
    package let statistics = StreamStatistics()
    /// `ASR_CHUNK_SIZE`: bytes of PCM per `process` call.
    package let chunkBytes: Int
    /// `ASR_OVERLAP_SIZE`: bytes of pre-roll kept before a detected speech start.
    package let overlapBytes: Int
    /// `ASR_NETWORK_TIMEOUT`: how long a listening stream may send no audio.
    package let networkTimeout: Duration
    package let endpointer: Endpointer.Settings
    /// Seconds of audio a stream collects before a decoder job takes it (a `listen` message goes
    /// at once, with the audio before it; so does audio that has waited this long). A stream
    /// has one job queued or running at a time; what arrives meanwhile goes in its next job, so
    /// a stream the scheduler passes over (it started listening later) catches up in larger
    /// jobs. Why 0.12 s, two 60 ms packets, whether decoders are idle or busy: with the
    /// `balanced` search, thread CPU per audio second of each job over 24 devices was 0.206 for
    /// one-packet jobs, 0.191 for 0.12–0.2 s and 0.184 for 0.48 s — and 0.48 s batches while
    /// the decoders were busy let every stream of a burst advance in turn, so all of them were
    /// behind when they stopped (22 devices at 2 × the ceiling: p50 1.3–2.3 s). With small jobs
    /// the scheduler's order holds: the streams that started first stay current, and are
    /// answered at once when they stop.
    package let jobAudioSeconds: Double
    /// Where utterances go whole: when a stream's language is routed to an engine that does not
    /// decode incrementally (an upstream), or no stream decoder can be had for a listening
    /// period; nil: every stream decodes in process, and without a decoder is refused.
    package let utterances: (any UtteranceRecognizer)?
    /// `ASR_LANGUAGE`: a stream's language when its hello names none.
    package let defaultLanguage: String
    /// The most received audio a stream may have waiting for its decoder before frames are refused.
    package let backlogLimitSeconds = 30.0
    /// How far behind real time the decoders may be (`RecognitionScheduler.streamLagSeconds`)
    /// before a stream that starts listening is told `busy` instead of being admitted: an
    /// utterance admitted then would be answered at least this late, and would delay the
    /// streams already speaking.
    package let busyLagSeconds: Double
    /// Stream decoders kept loaded ahead of the next `listen start` (see `StreamDecoderPool`):
    /// one, ~47 MB, so a device never waits for a decoder to load unless several start at once.
    package static let spareDecoders = 1
    /// How long decoders beyond `ASR_WORKER_THREADS` are kept after their last use: ten minutes,
    /// so that devices whose conversations come in waves find the decoders of the last wave
    /// still loaded (a load is ~0.3 s of CPU, what decoding 1.5 s of speech costs). The memory
    /// guard frees them sooner at its warning level.
    package static let surplusIdleSeconds = 600.0
    private let closingFlag = Atomic<Bool>(false)

    /// - Parameters:
    ///   - jobs: the decoder threads stream jobs run on.
    ///   - utterances: where whole utterances go for languages routed to such an engine.
    ///   - languageModel: the engine's shared language model (its decoders' instances), if any.
    ///   - admitNewDecoder: whether decoders adding this many bytes may be loaded now (the memory guard).
    package init(
        configuration: RuntimeConfiguration,
        engine: PocketSphinxConfiguration,
        jobs: any StreamJobRunner,
        utterances: (any UtteranceRecognizer)? = nil,
        languageModel: PocketSphinxDecoder.SharedLanguageModel? = nil,
        admitNewDecoder: @escaping @Sendable (_ bytes: Int) -> Bool = { _ in true },
        endpointer: Endpointer.Settings = .init()
    ) {
        // Kept decoders: as many as there are decoder threads for good, more for
        // `surplusIdleSeconds` after a busy period; all trimmed under memory pressure.
        // No second (flat-lexicon) pass for streams: it runs over the whole utterance when it
        // ends, after the speech — ~0.4 s for a 5 s utterance, the end → stt wait itself.
        // Measured (November 2026, 2 cores): listen stop → stt
        // 108 → 48 ms for goforward; streamed word error rate over the corpus 35.4 → 38.5 %.
        // Whatever the search level (ASR_SEARCH_LEVEL) says about it.
        pool = StreamDecoderPool(
            configuration: engine.setting("-fwdflat", to: "no"),
            languageModel: languageModel,
            idleLimit: configuration.workerThreads,
            surplusIdleSeconds: Self.surplusIdleSeconds,
            spareDecoders: Self.spareDecoders,
            admitNewDecoder: admitNewDecoder
        )
        self.jobs = jobs
        self.utterances = utterances
        defaultLanguage = configuration.language
        chunkBytes = configuration.chunkSize
        overlapBytes = configuration.overlapSize
        networkTimeout = .seconds(configuration.networkTimeout)
        jobAudioSeconds = configuration.streamJobAudioSeconds
        busyLagSeconds = configuration.streamBusyLagSeconds
        self.endpointer = endpointer
    }

    /// Whether the runtime is shutting down: every session closes its stream within 0.1 s.
    package var closing: Bool { closingFlag.load(ordering: .acquiring) }

    /// SIGTERM: open streams close themselves (`closing`); new ones are refused by the gate.
    package func beginClosing() { closingFlag.store(true, ordering: .releasing) }
}
