import Foundation

extension Benchmark {
    /// §3: sequential L1 hits on a runtime with its cache on, then L2 hits on a fresh runtime
    /// with L1 off and the same real redis-server, which the first runtime filled.
    func cacheHits() throws -> CacheHitResult {
        let redis = try RedisProcess()
        defer { redis.stop() }
        let hits = options.budget.cacheHits
        let bodies = RecognizeBodies(utterances: [corpus.utterances[0]], distinct: false)
        let body = bodies.body(0).body
        let base = ["ASR_WORKER_THREADS": String(options.workers), "ASR_REDIS_URL": redis.url]

        progress("  L1: runtime with a 64 MB cache and Redis on \(redis.port)")
        let first = try startRuntime(base.merging(["ASR_CACHE_SIZE_MB": "64"]) { $1 })
        let connection = BenchHTTPConnection(port: first.port)
        let sent = ContinuousClock.now
        let miss = try connection.post("/asr/recognize", contentType: "application/json", body: body)
        let decodeMs = (ContinuousClock.now - sent).seconds * 1000
        guard miss.status == 200 else { throw BenchmarkError.http("the first recognition answered \(miss.status): \(miss.text)") }
        Thread.sleep(forTimeInterval: 0.5)  // the Redis write is asynchronous
        _ = try Self.timedRepeats(connection, count: min(50, hits), path: "/asr/recognize", body: body)  // warm-up
        let (l1, l1Misses) = try Self.timedRepeats(connection, count: hits, path: "/asr/recognize", body: body, expecting: [Self.level("l1")])
        let (health, _) = try Self.timedRepeats(connection, count: hits, path: "/health")
        connection.close()
        first.stop()

        progress("  L2: fresh runtime, ASR_CACHE_SIZE_MB=0, same Redis")
        let second = try startRuntime(base.merging(["ASR_CACHE_SIZE_MB": "0"]) { $1 })
        defer { second.stop() }
        let again = BenchHTTPConnection(port: second.port)
        _ = try Self.timedRepeats(again, count: min(50, hits), path: "/asr/recognize", body: body)  // warm-up (connection, Redis client)
        let (l2, l2Misses) = try Self.timedRepeats(again, count: hits, path: "/asr/recognize", body: body, expecting: [Self.level("l2")])
        progress(
            String(
                format: "    L1 p50 %.3f ms p99 %.3f ms; L2 p50 %.3f ms p99 %.3f ms; misses %d/%d",
                l1?.p50Ms ?? 0,
                l1?.p99Ms ?? 0,
                l2?.p50Ms ?? 0,
                l2?.p99Ms ?? 0,
                l1Misses,
                l2Misses
            )
        )
        return CacheHitResult(
            l1: l1,
            l2: l2,
            healthRoundTrip: health,
            l1Misses: l1Misses,
            l2Misses: l2Misses,
            decodeLatencyMs: decodeMs,
            client: "asrctl's own blocking HTTP/1.1 client (BenchHTTPConnection): one keep-alive TCP connection, "
                + "TCP_NODELAY, the request written with one writev, the answer read by Content-Length — no URLSession, no event loop."
        )
    }

    /// `"cache_level":"<level>"` as the runtime writes it.
    static func level(_ level: String) -> [UInt8] { Array("\"cache_level\":\"\(level)\"".utf8) }

    /// `count` requests one after the other on `connection` (GET without a body, else POST JSON),
    /// timed; misses are answers that are not 200 or lack one of `markers`.
    static func timedRepeats(
        _ connection: BenchHTTPConnection,
        count: Int,
        path: String,
        body: [UInt8]? = nil,
        expecting markers: [[UInt8]] = []
    ) throws -> (LatencyPercentiles?, misses: Int) {
        var latencies: [Double] = []
        var misses = 0
        latencies.reserveCapacity(count)
        for _ in 0..<count {
            let sent = ContinuousClock.now
            let reply = try body.map { try connection.post(path, contentType: "application/json", body: $0) } ?? connection.get(path)
            latencies.append((ContinuousClock.now - sent).seconds)
            if reply.status != 200 || !markers.allSatisfy({ bytes(reply.body, contain: $0) }) { misses += 1 }
        }
        return (LatencyPercentiles(seconds: latencies), misses)
    }

    static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        for index in 0...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if Array(haystack[index..<(index + needle.count)]) == needle { return true }
        }
        return false
    }
}
