import ASRRuntime
import Foundation
import TestSupport
import Testing

/// End-to-end: the real `asrctl serve` process with real parts around it — a redis-server that
/// dies and comes back, a client that stalls mid-body.
@Suite(.runsProcesses) struct RuntimeResilienceTests {
    /// What open dictation with the en-us model hears in the cards recordings (002 was
    /// recorded as "four queen of clubs"; dictation hears "for", as RecognitionTests notes).
    static let cards: [(file: String, text: String)] = [
        ("cards/001.wav", "ten of clubs"),
        ("cards/002.wav", "for queen of clubs"),
        ("cards/003.wav", "seven of clubs"),
        ("cards/004.wav", "five five"),
        ("cards/005.wav", "eight of spades four of clubs seven of hearts"),
    ]

    /// Redis dies (SIGKILL) halfway through 20 recognitions of distinct audio: none fails, and
    /// /health and /asr/stats say Redis is disconnected; once it is back on the same port the
    /// runtime reconnects by itself, writes results there again, and a restarted runtime (empty
    /// L1) is answered from Redis.
    @Test func redisKilledDuringRequestsFailsNoneAndL2ReturnsAfterRestart() throws {
        let redis = try RedisServer()
        defer { redis.kill() }
        let prefix = "asr_e2e"
        let environment = [
            "ASR_REDIS_URL": redis.url, "ASR_REDIS_KEY_PREFIX": prefix,
            // One decoder; no L1, so every answer shows what L2 does.
            "ASR_WORKER_THREADS": "1", "ASR_CACHE_SIZE_MB": "0",
        ]
        let runtime = try RuntimeProcess(environment: environment)
        defer { runtime.stop() }
        let client = runtime.client
        #expect(try Poll.until(timeout: 15) { try redisState(client) == "connected" }, "Redis never connected")
        let health = try client.get("/health").json()
        let engineID = try #require(health["engine"] as? String)

        // 20 distinct utterances: "go forward ten meters" (JSON, base64 PCM) and its variants
        // (one sample nudged, so a new cache key), and the five cards (raw audio/wav bodies).
        let goForward = try SpeechFixtures.goForwardPCM()
        struct Item {
            let body: Data
            let isWAV: Bool
            let pcm: Data
            let text: String
            let name: String
        }
        var items = [Item(body: goForward, isWAV: false, pcm: goForward, text: SpeechFixtures.goForwardText, name: "goforward")]
        for card in Self.cards {
            let wav = try SpeechFixtures.wav(card.file)
            items.append(
                Item(
                    body: wav,
                    isWAV: true,
                    pcm: SpeechFixtures.pcm(try WAVDecoder.decode(wav).samples),
                    text: card.text,
                    name: card.file
                )
            )
        }
        for n in 1...14 {
            let variant = SpeechFixtures.variant(goForward, n)
            items.append(Item(body: variant, isWAV: false, pcm: variant, text: SpeechFixtures.goForwardText, name: "goforward~\(n)"))
        }
        #expect(items.count == 20)
        func key(_ pcm: Data) -> String {
            SpeechFixtures.redisKey(prefix: prefix, engineID: engineID, language: "en-us", pcm: pcm)
        }
        func keysInRedis() throws -> Set<String> {
            Set(try redis.cli(["--scan", "--pattern", "\(prefix):*"]).split(separator: "\n").map(String.init))
        }

        for (index, item) in items.enumerated() {
            if index == 10 {
                // Every result so far reached Redis under <prefix>:<sha256>, before its answer.
                #expect(try keysInRedis() == Set(items[0..<10].map { key($0.pcm) }))
                redis.kill()
            }
            let response = item.isWAV ? try client.recognize(wav: item.body) : try client.recognize(pcm: item.body)
            #expect(response.status == 200, "\(item.name) with Redis \(index < 10 ? "up" : "down"): \(response.status) \(response.text)")
            let body = try response.json()
            #expect(body["success"] as? Bool == true)
            #expect(body["text"] as? String == item.text, "\(item.name)")
            #expect(body["cached"] as? Bool == false, "\(item.name): nothing was sent twice")
            if index == 10 {
                // The first failed call marks Redis down; status pages show it while it stays down.
                #expect(try Poll.until(timeout: 10) { try redisState(client) == "disconnected" })
            }
        }
        #expect(try redisState(client) == "disconnected")
        let healthDown = try client.get("/health")
        #expect(healthDown.status == 200, "a Redis outage does not make the runtime unhealthy")
        #expect(try healthDown.json()["redis"] as? String == "disconnected")
        let statsDown = try client.get("/asr/stats").json()
        #expect((statsDown["service"] as? [String: Any])?["failed"] as? Int == 0)
        #expect((statsDown["service"] as? [String: Any])?["succeeded"] as? Int == 20)

        // Back on the same port: the runtime reconnects by itself (backoff is at most ~6 s).
        try redis.restart()
        #expect(try Poll.until(timeout: 20) { try redisState(client) == "connected" }, "no reconnect within 20 s")
        let fresh = SpeechFixtures.variant(goForward, 100)
        let stored = try client.recognize(pcm: fresh)
        #expect(stored.status == 200)
        #expect(try stored.json()["text"] as? String == SpeechFixtures.goForwardText)
        #expect(try keysInRedis() == [key(fresh)], "the new result is in Redis, under the configured prefix")

        // A new runtime process (fresh, and anyway off, L1) answers that audio from Redis.
        #expect(runtime.stop() == .exitedZero)
        let second = try RuntimeProcess(environment: environment)
        defer { second.stop() }
        #expect(try Poll.until(timeout: 15) { try redisState(second.client) == "connected" })
        let repeated = try second.client.recognize(pcm: fresh).json()
        #expect(repeated["text"] as? String == SpeechFixtures.goForwardText)
        #expect(repeated["cached"] as? Bool == true)
        #expect(repeated["cache_level"] as? String == "l2")
        let stats = try second.client.get("/asr/stats").json()
        #expect((stats["cache"] as? [String: Any])?["l2_hits"] as? Int == 1)
    }

    /// A client that sends headers announcing 100 000 bytes, part of the body, then nothing,
    /// is cut off after ASR_NETWORK_TIMEOUT (2 s) — and holds up nobody meanwhile.
    @Test func stalledClientIsDisconnectedAfterNetworkTimeout() throws {
        let runtime = try RuntimeProcess(environment: ["ASR_NETWORK_TIMEOUT": "2", "ASR_WORKER_THREADS": "1"])
        defer { runtime.stop() }
        let goForward = try SpeechFixtures.goForwardPCM()

        let stalled = try TCPConnection(port: runtime.port, timeout: 30)
        defer { stalled.close() }
        let head =
            "POST /asr/recognize HTTP/1.1\r\nHost: 127.0.0.1:\(runtime.port)\r\n"
            + "Content-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n"
        try stalled.send(Data(head.utf8) + goForward.prefix(30_000))
        let stallStarted = Date()
        // Watched on a thread of its own, so a slow answer to the client below (a loaded
        // machine) cannot delay noticing the close.
        final class Closing: @unchecked Sendable {
            let done = DispatchSemaphore(value: 0)
            var after: Double?
        }
        let closing = Closing()
        nonisolated(unsafe) let watched = stalled
        Thread {
            closing.after = watched.secondsUntilClosed(timeout: 10).map { _ in Date().timeIntervalSince(stallStarted) }
            closing.done.signal()
        }.start()

        // Meanwhile a well-behaved client is served as usual.
        let normal = try runtime.client.recognize(pcm: goForward)
        #expect(normal.status == 200)
        #expect(try normal.json()["text"] as? String == SpeechFixtures.goForwardText)

        closing.done.wait()
        let seconds = try #require(closing.after, "the stalled connection was still open 10 s after it stalled")
        print("stalled connection closed \(seconds) s after the client stopped sending (ASR_NETWORK_TIMEOUT=2)")
        #expect(seconds >= 1.5, "closed before the timeout could have run out: not the timeout at work")
        #expect(seconds < 10)

        // Nothing was left behind: the runtime is idle and healthy.
        let health = try runtime.client.get("/health")
        #expect(health.status == 200)
        #expect(try health.json()["current_concurrent"] as? Int == 0)
    }

    /// ASR_WORKER_THREADS=1, ASR_QUEUE_SIZE=4, ASR_MAX_CONCURRENT=4, cap 600 MB: a burst of
    /// 40 recognitions is split into answered work and immediate 503s with Retry-After; no
    /// request hangs and the process RSS never passes the cap.
    @Test func overloadBurstIsShedWithRetryAfterAndRSSStaysUnderTheCap() throws {
        let runtime = try RuntimeProcess(environment: [
            "ASR_WORKER_THREADS": "1", "ASR_QUEUE_SIZE": "4", "ASR_MAX_CONCURRENT": "4",
            "ASR_MAX_MEMORY_MB": "600", "ASR_MEMORY_WARNING_MB": "400", "ASR_MEMORY_CRITICAL_MB": "500",
        ])
        defer { runtime.stop() }
        let goForward = try SpeechFixtures.goForwardPCM()
        let port = runtime.port

        let sampler = runtime.sampleResidentMemory(every: 0.01)
        let burst = ConcurrentWork(count: 40) { index -> (Result<HTTPResponse, HTTPClientError>, Double) in
            let started = Date()
            let result = HTTPClient.outcome { try HTTPClient(port: port).recognize(pcm: SpeechFixtures.variant(goForward, index + 1)) }
            return (result, Date().timeIntervalSince(started))
        }
        let results = try #require(burst.wait(timeout: 90), "some request of the burst hung for 90 s")
        let memory = sampler.stop()

        var accepted: [Double] = []
        var shed: [Double] = []
        for (index, (result, seconds)) in results.enumerated() {
            guard case .success(let response) = result else {
                Issue.record("request \(index) got no answer: \(result)")
                continue
            }
            let body = try response.json()
            switch response.status {
            case 200:
                accepted.append(seconds)
                #expect(body["text"] as? String == SpeechFixtures.goForwardText)
            case 503:
                shed.append(seconds)
                #expect(Int(response.header("Retry-After") ?? "").map { $0 >= 1 } == true, "503 without Retry-After")
                #expect(body["success"] as? Bool == false)
                #expect(["queue_full", "concurrency_limit"].contains(body["code"] as? String ?? ""), "\(body)")
            default:
                Issue.record("request \(index): \(response.status) \(response.text)")
            }
        }
        print(
            "burst of 40: \(accepted.count) answered (slowest \(accepted.max() ?? 0) s), \(shed.count) shed with 503 (slowest \(shed.max() ?? 0) s); peak RSS \(memory.peakMB) MB over \(memory.samples) samples"
        )
        #expect(accepted.count >= 4, "at least the 4 free slots take work")
        #expect(shed.count >= 1)
        #expect(accepted.count + shed.count == 40)
        // Refusals are immediate, not served after the backlog (which takes seconds of decoding).
        #expect((shed.max() ?? 0) < 10)
        #expect(memory.samples > 0)
        #expect(memory.peakMB <= 600, "RSS \(memory.peakMB) MB passed ASR_MAX_MEMORY_MB=600")

        let stats = try runtime.client.get("/asr/stats").json()
        let rejections = stats["rejections"] as? [String: Int] ?? [:]
        #expect(rejections.values.reduce(0, +) == shed.count)
        #expect(((stats["memory"] as? [String: Any])?["peak_rss_mb"] as? Double ?? 1e9) <= 600)
    }

    /// With the critical threshold (100 MB) below what the loaded decoder already takes, the
    /// runtime says so: /health 503 "overloaded", and recognitions are shed with
    /// 503 `memory_critical` and Retry-After.
    @Test func memoryCriticalShedsWorkAndHealthSaysOverloaded() throws {
        let runtime = try RuntimeProcess(
            environment: [
                "ASR_WORKER_THREADS": "1", "ASR_MAX_MEMORY_MB": "256",
                "ASR_MEMORY_WARNING_MB": "64", "ASR_MEMORY_CRITICAL_MB": "100",
            ],
            ready: .loaded
        )
        defer { runtime.stop() }
        #expect((runtime.residentMB ?? 0) > 100, "the premise: one loaded decoder is above 100 MB")

        let health = try runtime.client.get("/health")
        #expect(health.status == 503)
        let report = try health.json()
        #expect(report["status"] as? String == "overloaded")
        #expect(report["memory_level"] as? String == "critical")

        let response = try runtime.client.recognize(pcm: try SpeechFixtures.goForwardPCM())
        #expect(response.status == 503)
        #expect(Int(response.header("Retry-After") ?? "").map { $0 >= 1 } == true)
        #expect(try response.json()["code"] as? String == "memory_critical")
        let stats = try runtime.client.get("/asr/stats").json()
        #expect((stats["rejections"] as? [String: Int])?["memory_critical"] == 1)
    }
}

/// `redis.state` of /asr/stats.
func redisState(_ client: HTTPClient) throws -> String? {
    (try client.get("/asr/stats").json()["redis"] as? [String: Any])?["state"] as? String
}
