import ASRContracts
import Foundation
import Testing

@testable import ASRRuntime

@Suite struct CacheAndMemoryTests {
    static func key(_ n: Int) -> CacheKey { CacheKey(engineID: "e", language: "en", samples: [Int16(n & 0x7fff), Int16(n >> 15)]) }

    @Test func cacheSizeBoundsL1Bytes() {
        // ASR_CACHE_SIZE_MB=1: a megabyte of charged bytes, never more.
        let cache = ResultCache(budgetBytes: 1 << 20)
        let text = String(repeating: "go forward ten meters ", count: 40)
        for n in 0..<5000 {
            cache.store(CachedTranscription(text: text, confidence: 1, decodeSeconds: 0.1), for: Self.key(n))
            #expect(cache.snapshot.bytes <= 1 << 20)
        }
        let snapshot = cache.snapshot
        #expect(snapshot.evictions > 0)
        #expect(snapshot.bytes > (1 << 20) - 2000)
        // Least recently used go first: the newest is there, the oldest is not.
        #expect(cache.lookup(Self.key(4999)) != nil)
        #expect(cache.lookup(Self.key(0)) == nil)
    }

    @Test func lookupRefreshesRecency() {
        let cache = ResultCache(budgetBytes: 3 * 165)
        for n in 0..<3 { cache.store(CachedTranscription(text: "abcd", confidence: 1, decodeSeconds: 0), for: Self.key(n)) }
        _ = cache.lookup(Self.key(0))
        cache.store(CachedTranscription(text: "abcd", confidence: 1, decodeSeconds: 0), for: Self.key(3))
        #expect(cache.lookup(Self.key(0)) != nil)
        #expect(cache.lookup(Self.key(1)) == nil)
        #expect(cache.snapshot.hits == 2)
        #expect(cache.snapshot.misses == 1)
    }

    @Test func zeroBudgetStoresNothing() {
        let cache = ResultCache(budgetBytes: 0)
        cache.store(CachedTranscription(text: "x", confidence: 1, decodeSeconds: 0), for: Self.key(1))
        #expect(cache.lookup(Self.key(1)) == nil)
    }

    @Test func trimShrinksToFraction() {
        let cache = ResultCache(budgetBytes: 100_000)
        for n in 0..<500 { cache.store(CachedTranscription(text: "hello", confidence: 1, decodeSeconds: 0), for: Self.key(n)) }
        cache.trim(toFraction: 0.5)
        #expect(cache.snapshot.bytes <= 50_000)
    }

    @Test func cacheKeyDependsOnAudioEngineAndLanguage() {
        let a = CacheKey(engineID: "ps", language: "en-US", samples: [1, 2, 3])
        #expect(a == CacheKey(engineID: "ps", language: "EN-us", samples: [1, 2, 3]))
        #expect(a != CacheKey(engineID: "ps", language: "en-US", samples: [1, 2, 4]))
        #expect(a != CacheKey(engineID: "other", language: "en-US", samples: [1, 2, 3]))
        #expect(a != CacheKey(engineID: "ps", language: "zh", samples: [1, 2, 3]))
        #expect(a.digest.count == 64)
    }

    @Test func residentMemoryIsRead() {
        let rss = ProcessMemory.residentBytes()
        #expect(rss > 1 << 20)
    }

    @Test func memoryGuardLevelsFollowThresholds() throws {
        let config = try RuntimeConfiguration(environment: [
            "ASR_MAX_MEMORY_MB": "1000", "ASR_MEMORY_WARNING_MB": "600", "ASR_MEMORY_CRITICAL_MB": "800",
        ])
        let reading = Counter(500 << 20)
        let pressure = Counter(0)
        let guard_ = MemoryGuard(configuration: config, reader: { reading.value }, onPressure: { _ in pressure.add(1) })
        #expect(guard_.sample() == .normal)
        reading.set(700 << 20)
        #expect(guard_.sample() == .warning)
        #expect(guard_.admitsNewWork())
        reading.set(900 << 20)
        #expect(!guard_.admitsNewWork())
        #expect(guard_.snapshot.shedRequests == 1)
        #expect(pressure.value >= 3)
        reading.set(100 << 20)
        #expect(guard_.admitsNewWork())
        #expect(guard_.snapshot.peakResidentBytes == 900 << 20)
    }

    @Test func bufferPoolReusesWhenEnabled() {
        let pool = AudioBufferPool(enabled: true, capacity: 2, bufferKB: 64, preallocate: true)
        for _ in 0..<10 {
            var buffer = pool.acquire(samples: 16000)
            buffer.append(contentsOf: repeatElement(1, count: 16000))
            pool.release(buffer)
        }
        #expect(pool.snapshot.reused == 10)
        #expect(pool.snapshot.allocated == 0)
        // Longer than a pooled buffer: a one-off allocation.
        _ = pool.acquire(samples: 64 * 1024)
        #expect(pool.snapshot.allocated == 1)

        let off = AudioBufferPool(enabled: false, capacity: 2, bufferKB: 64, preallocate: true)
        for _ in 0..<10 { off.release(off.acquire(samples: 16000)) }
        #expect(off.snapshot.reused == 0)
        #expect(off.snapshot.allocated == 10)
        #expect(off.snapshot.pooled == 0)
    }
}

/// A thread-safe integer for test callbacks.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Int
    init(_ value: Int) { stored = value }
    var value: Int { lock.withLock { stored } }
    func set(_ value: Int) { lock.withLock { stored = value } }
    func add(_ delta: Int) { lock.withLock { stored += delta } }
}
