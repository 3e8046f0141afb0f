import ASRContracts
import Foundation
import Logging

/// One recognition, end to end: the engine for its language, admission through the gate
/// (state, memory, an `ASR_MAX_CONCURRENT` slot), L1, L2, then the engine (identical audio in
/// flight recognised once); the result is stored in both caches, keyed by engine and language.
package final class RecognitionService: Sendable {
    package let router: EngineRouter
    package let gate: AdmissionGate
    package let scheduler: RecognitionScheduler
    package let cache: ResultCache
    package let secondLevel: (any SecondLevelCache)?
    package let pool: AudioBufferPool
    package let statistics: RequestStatistics
    private let inFlight = InFlightDecodes()
    private let logger: Logger

    /// - Parameters:
    ///   - router: the engine for each language; PocketSphinx's decoder threads take their work
    ///     from `scheduler`.
    ///   - gate: admits each recognition; refusals are counted in `statistics` there.
    ///   - scheduler: the engine's job queue, told how long decodes take (its Retry-After estimate).
    package init(
        router: EngineRouter,
        gate: AdmissionGate,
        scheduler: RecognitionScheduler,
        cache: ResultCache,
        pool: AudioBufferPool,
        secondLevel: (any SecondLevelCache)?,
        statistics: RequestStatistics,
        logger: Logger = Logger(label: "asr.recognition")
    ) {
        self.router = router
        self.gate = gate
        self.scheduler = scheduler
        self.cache = cache
        self.pool = pool
        self.secondLevel = secondLevel
        self.statistics = statistics
        self.logger = logger
    }

    /// Recognises 16 kHz mono `audio` spoken in `language`; its buffer goes back to the pool
    /// afterwards.
    /// - Throws: `UnservedLanguage` when no engine is routed `language`; `Rejection` when the
    ///   gate or the engine refuses the work (not ready, memory critical, queue full, draining,
    ///   upstream unavailable); engine errors otherwise.
    package func recognize(_ audio: PCMAudio, language: String, priority: RecognitionPriority) async throws -> RecognitionOutcome {
        let started = ContinuousClock.now
        defer { pool.release(audio.samples) }
        let engine = try router.engine(for: language)
        return try await gate.admit(priority: priority) {
            try await recognizeAdmitted(audio, engine: engine, language: language, priority: priority, since: started)
        }
    }

    /// The work behind the gate; latency counts from `started`, the slot wait included.
    func recognizeAdmitted(
        _ audio: PCMAudio,
        engine: any SpeechEngine,
        language: String,
        priority: RecognitionPriority,
        since started: ContinuousClock.Instant
    ) async throws -> RecognitionOutcome {
        func elapsed() -> Double { (ContinuousClock.now - started).seconds }

        let key = CacheKey(engineID: engine.id, language: language, samples: audio.samples)
        if let hit = cache.lookup(key) {
            let outcome = RecognitionOutcome(
                text: hit.text,
                confidence: hit.confidence,
                origin: .l1,
                latency: elapsed(),
                engine: engine.id,
                language: language
            )
            statistics.record(.cacheHit(latency: outcome.latency, level: 1))
            return outcome
        }
        if let secondLevel, let hit = await secondLevel.fetch(key) {
            cache.store(hit, for: key)
            let outcome = RecognitionOutcome(
                text: hit.text,
                confidence: hit.confidence,
                origin: .l2,
                latency: elapsed(),
                engine: engine.id,
                language: language
            )
            statistics.record(.cacheHit(latency: outcome.latency, level: 2))
            return outcome
        }

        let transcription: Transcription
        let shared: Bool
        do {
            (transcription, shared) = try await inFlight.result(for: key) {
                try await engine.recognize(audio, language: language, priority: priority)
            }
        } catch let error as SpeechEngineError {
            switch error {
            case .queueFull, .shutDown, .notStarted, .engineUnavailable:
                let rejection = Rejection(error)
                statistics.record(.rejected(rejection.reason))
                throw rejection
            default:
                statistics.record(.failed)
                logger.error("decode failed: \(error)")
                throw error
            }
        } catch {
            statistics.record(.failed)
            throw error
        }
        let latency = elapsed()
        if shared {
            statistics.record(.deduplicated(latency: latency))
        } else {
            scheduler.recordDecode(seconds: transcription.decodeSeconds)
            let value = CachedTranscription(
                text: transcription.text,
                confidence: transcription.confidence,
                decodeSeconds: transcription.decodeSeconds
            )
            cache.store(value, for: key)
            if let secondLevel { await secondLevel.store(value, for: key) }
            statistics.record(
                .decoded(
                    latency: latency,
                    decodeSeconds: transcription.decodeSeconds,
                    audioSeconds: transcription.audioSeconds
                )
            )
        }
        return RecognitionOutcome(
            text: transcription.text,
            confidence: transcription.confidence,
            origin: shared ? .sharedDecode : .decoded,
            latency: latency,
            engine: engine.id,
            language: language
        )
    }
}
