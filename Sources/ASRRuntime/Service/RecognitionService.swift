import Foundation
import Logging

/// One recognition, end to end: memory admission, an `ASR_MAX_CONCURRENT` slot, L1, L2, then a
/// decoder through the scheduler; the result is stored in both caches.
public final class RecognitionService: Sendable {
    public let configuration: RuntimeConfiguration
    public let engineID: String
    public let scheduler: RecognitionScheduler
    public let cache: ResultCache
    public let secondLevel: (any SecondLevelCache)?
    public let memoryGuard: MemoryGuard
    public let pool: AudioBufferPool
    public let statistics: RequestStatistics
    private let logger: Logger

    public init(configuration: RuntimeConfiguration, engineID: String, secondLevel: (any SecondLevelCache)?,
                logger: Logger = Logger(label: "asr.recognition")) {
        self.configuration = configuration
        self.engineID = engineID
        self.scheduler = RecognitionScheduler(configuration: configuration)
        let cache = ResultCache(budgetBytes: configuration.cacheSizeMB << 20)
        let pool = AudioBufferPool(configuration: configuration)
        self.cache = cache
        self.pool = pool
        self.secondLevel = secondLevel
        self.statistics = RequestStatistics()
        self.logger = logger
        self.memoryGuard = MemoryGuard(configuration: configuration) { level in
            // Warning: halve L1 and drop spare pooled buffers. Critical: empty both and give
            // the freed pages back to the kernel.
            cache.trim(toFraction: level == .critical ? 0 : 0.5)
            pool.shrink(keep: level == .critical ? 0 : pool.capacity / 2)
            if level == .critical { ProcessMemory.releaseFreedMemory() }
        }
    }

    /// Recognises `samples` (16 kHz mono). The buffer is returned to the pool afterwards.
    /// - Throws: `SchedulerRejection` (→ 503) when memory is critical, the queue is full or the
    ///   service is draining; engine errors otherwise.
    public func recognize(samples: [Int16], language: String, priority: RecognitionPriority) async throws -> RecognitionOutcome {
        let started = ContinuousClock.now
        func elapsed() -> Double { (ContinuousClock.now - started).seconds }
        defer { pool.release(samples) }

        guard memoryGuard.admitsNewWork() else {
            statistics.record(.rejected(.memoryCritical))
            throw SchedulerRejection(
                reason: .memoryCritical, retryAfterSeconds: max(1, configuration.gcInterval / 2),
                message: "memory critical: RSS at or above ASR_MEMORY_CRITICAL_MB=\(configuration.memoryCriticalMB) MB (cap \(configuration.maxMemoryMB) MB); new work is shed until it falls")
        }
        do {
            try await scheduler.acquireSlot(priority: priority)
        } catch let rejection as SchedulerRejection {
            statistics.record(.rejected(rejection.reason))
            throw rejection
        }
        defer { scheduler.releaseSlot() }

        let key = CacheKey(engineID: engineID, language: language, samples: samples)
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
        let result: DecodeResult
        let shared: Bool
        do {
            (result, shared) = try await scheduler.decode(key: key, samples: samples, priority: priority)
        } catch let rejection as SchedulerRejection {
            statistics.record(.rejected(rejection.reason))
            throw rejection
        } catch {
            statistics.record(.failed)
            logger.error("decode failed: \(error)")
            throw error
        }
        let latency = elapsed()
        if shared {
            statistics.record(.deduplicated(latency: latency))
        } else {
            let value = CachedTranscription(text: result.text, confidence: result.confidence, decodeSeconds: result.decodeSeconds)
            cache.store(value, for: key)
            if let secondLevel { await secondLevel.store(value, for: key) }
            statistics.record(.decoded(latency: latency, decodeSeconds: result.decodeSeconds,
                                       audioSeconds: Double(samples.count) / 16_000))
        }
        return RecognitionOutcome(text: result.text, confidence: result.confidence,
                                  origin: shared ? .sharedDecode : .decoded, latency: latency)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
