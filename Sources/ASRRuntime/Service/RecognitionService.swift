import ASRContracts
import Foundation
import Logging

/// One recognition, end to end: memory admission, an `ASR_MAX_CONCURRENT` slot, L1, L2, then a
/// decoder (identical audio in flight decoded once); the result is stored in both caches.
package final class RecognitionService: Sendable {
    package let configuration: RuntimeConfiguration
    package let engine: any SpeechEngine
    package let scheduler: RecognitionScheduler
    package let cache: ResultCache
    package let secondLevel: (any SecondLevelCache)?
    package let memoryGuard: MemoryGuard
    package let pool: AudioBufferPool
    package let statistics: RequestStatistics
    private let inFlight = InFlightDecodes()
    private let logger: Logger

    /// - Parameters:
    ///   - engine: decodes; its decoder threads take their work from `scheduler`.
    ///   - scheduler: the engine's job queue and the admission gate.
    package init(
        configuration: RuntimeConfiguration,
        engine: any SpeechEngine,
        scheduler: RecognitionScheduler,
        secondLevel: (any SecondLevelCache)?,
        metrics: RuntimeMetrics? = nil,
        logger: Logger = Logger(label: "asr.recognition")
    ) {
        self.configuration = configuration
        self.engine = engine
        self.scheduler = scheduler
        let cache = ResultCache(budgetBytes: configuration.cacheSizeMB << 20)
        let pool = AudioBufferPool(configuration: configuration)
        self.cache = cache
        self.pool = pool
        self.secondLevel = secondLevel
        self.statistics = RequestStatistics(metrics: metrics)
        self.logger = logger
        self.memoryGuard = MemoryGuard(configuration: configuration) { level in
            // Warning: halve L1 and drop half the spare pooled buffers. Critical: empty both
            // and give the freed pages back to the kernel.
            cache.trim(toFraction: level == .critical ? 0 : 0.5)
            pool.shrink(keep: level == .critical ? 0 : pool.capacity / 2)
            if level == .critical { ProcessMemory.releaseFreedMemory() }
        }
    }

    /// Recognises 16 kHz mono `audio`; its buffer goes back to the pool afterwards.
    /// - Throws: `SchedulerRejection` (→ 503 + Retry-After) when memory is critical, the queue
    ///   is full or the service is draining; engine errors otherwise.
    package func recognize(_ audio: PCMAudio, language: String, priority: RecognitionPriority) async throws -> RecognitionOutcome {
        let started = ContinuousClock.now
        func elapsed() -> Double { (ContinuousClock.now - started).seconds }
        defer { pool.release(audio.samples) }

        guard memoryGuard.admitsNewWork() else {
            let rejection = SchedulerRejection(
                reason: .memoryCritical,
                retryAfterSeconds: max(1, configuration.gcInterval / 2),
                message:
                    "memory critical: RSS at or above ASR_MEMORY_CRITICAL_MB=\(configuration.memoryCriticalMB) MB (cap \(configuration.maxMemoryMB) MB); new work is shed until it falls"
            )
            statistics.record(.rejected(rejection.reason))
            throw rejection
        }
        do {
            try await scheduler.acquireSlot(priority: priority)
        } catch let rejection as SchedulerRejection {
            statistics.record(.rejected(rejection.reason))
            throw rejection
        }
        defer { scheduler.releaseSlot() }

        let key = CacheKey(engineID: engine.id, language: language, samples: audio.samples)
        if let hit = cache.lookup(key) {
            let outcome = RecognitionOutcome(text: hit.text, confidence: hit.confidence, origin: .l1, latency: elapsed())
            statistics.record(.cacheHit(latency: outcome.latency, level: 1))
            return outcome
        }
        if let secondLevel, let hit = await secondLevel.fetch(key) {
            cache.store(hit, for: key)
            let outcome = RecognitionOutcome(text: hit.text, confidence: hit.confidence, origin: .l2, latency: elapsed())
            statistics.record(.cacheHit(latency: outcome.latency, level: 2))
            return outcome
        }

        let engine = self.engine
        let transcription: Transcription
        let shared: Bool
        do {
            (transcription, shared) = try await inFlight.result(for: key) {
                try await engine.recognize(audio, priority: priority)
            }
        } catch let error as SpeechEngineError {
            switch error {
            case .queueFull, .shutDown, .notStarted:
                let rejection = SchedulerRejection(queueFull: error)
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
            latency: latency
        )
    }
}
