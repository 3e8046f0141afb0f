import Synchronization

/// The L1 cache: recognition results in process, least recently used evicted first, bounded by
/// `ASR_CACHE_SIZE_MB` of charged bytes. Thread-safe.
package final class ResultCache: Sendable {
    /// Counters for /asr/stats and /metrics.
    package struct Snapshot: Sendable, Equatable {
        package let entries: Int
        package let bytes: Int
        package let budgetBytes: Int
        package let hits: Int
        package let misses: Int
        package let evictions: Int
    }

    private struct State {
        var lru: LRUByteCache<CacheKey, CachedTranscription>
        var hits = 0
        var misses = 0
    }

    private let state: Mutex<State>
    /// The configured budget; trimming under memory pressure never raises it.
    package let configuredBudgetBytes: Int

    package init(budgetBytes: Int) {
        configuredBudgetBytes = budgetBytes
        state = Mutex(State(lru: LRUByteCache(budget: budgetBytes)))
    }

    package func lookup(_ key: CacheKey) -> CachedTranscription? {
        state.withLock { state in
            if let value = state.lru.value(for: key) {
                state.hits += 1
                return value
            }
            state.misses += 1
            return nil
        }
    }

    package func store(_ value: CachedTranscription, for key: CacheKey) {
        state.withLock { $0.lru.insert(value, for: key, cost: value.chargedBytes) }
    }

    /// Evicts least recently used entries until at most `fraction` of the configured budget is used.
    package func trim(toFraction fraction: Double) {
        let limit = Int(Double(configuredBudgetBytes) * max(0, min(1, fraction)))
        state.withLock { $0.lru.shrink(to: limit) }
    }

    package var snapshot: Snapshot {
        state.withLock {
            Snapshot(
                entries: $0.lru.count,
                bytes: $0.lru.bytes,
                budgetBytes: $0.lru.budget,
                hits: $0.hits,
                misses: $0.misses,
                evictions: $0.lru.evictions
            )
        }
    }
}
