import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// End-to-end: one `asrctl serve` in front of another that serves the OpenAI transcription API
/// — a real OpenAI-compatible upstream, decoding with the real model — as an operator puts
/// asrctl in front of FunASR or speaches.
@Suite(.runsProcesses) struct UpstreamEngineTests {
    /// The front runtime's settings for an upstream at `port`.
    static func front(_ port: Int, _ extra: [String: String] = [:]) -> [String: String] {
        ["ASR_WORKER_THREADS": "1", "ASR_UPSTREAM_URL": "http://127.0.0.1:\(port)", "ASR_UPSTREAM_MODEL": "whisper-1"]
            .merging(extra) { $1 }
    }

    /// The `upstream` check of `check-host --json` with `ASR_ENGINE=upstream` and `sets`.
    static func upstreamCheck(_ cli: CLI, _ sets: [String]) throws -> [String: Any] {
        let result = try cli.run(["check-host", "--json", "--set", "ASR_ENGINE=upstream"] + sets.flatMap { ["--set", $0] })
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        let checks = try #require(report["checks"] as? [[String: Any]])
        return try #require(checks.first { $0["name"] as? String == "upstream" }, "no upstream check: \(checks)")
    }

    /// Recognitions the upstream answered (its own /asr/stats).
    static func upstreamRequests(_ upstream: RuntimeProcess) throws -> Int {
        try #require(try upstream.client.get("/asr/stats").json()["total_requests"] as? Int)
    }

    /// `zh` goes to the upstream and `en` stays in process; each answer names its engine and
    /// language; the same audio in the two languages has two cache entries; a language no route
    /// names is a 400 that lists the languages served.
    @Test func languagesRouteToTheirEngineAndCacheApart() throws {
        let upstream = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1"])
        defer { upstream.stop() }
        let runtime = try RuntimeProcess(environment: Self.front(upstream.port, ["ASR_ENGINE_ROUTES": "zh=upstream,en=pocketsphinx"]))
        defer { runtime.stop() }
        let speech = try SpeechFixtures.goForwardPCM()

        let zh = try runtime.client.recognize(pcm: speech, language: "zh")
        #expect(zh.status == 200, "\(zh.text)")
        let zhAnswer = try zh.json()
        #expect(zhAnswer["text"] as? String == SpeechFixtures.goForwardText)
        #expect((zhAnswer["engine"] as? String)?.hasPrefix("upstream-whisper-1@127.0.0.1") == true, "\(zhAnswer)")
        #expect(zhAnswer["language"] as? String == "zh")
        #expect(try Self.upstreamRequests(upstream) == 1)

        let en = try runtime.client.recognize(pcm: speech, language: "en")
        let enAnswer = try en.json()
        #expect(enAnswer["text"] as? String == SpeechFixtures.goForwardText)
        #expect(enAnswer["engine"] as? String == "pocketsphinx-en-us+balanced")
        // Not the zh entry: decoded in process, and the upstream saw nothing more.
        #expect(enAnswer["cached"] as? Bool == false)
        #expect(try Self.upstreamRequests(upstream) == 1)

        // Each language's entry serves its own repeats.
        let zhAgain = try runtime.client.recognize(pcm: speech, language: "zh").json()
        #expect(zhAgain["cached"] as? Bool == true)
        #expect((zhAgain["engine"] as? String)?.hasPrefix("upstream-") == true)
        #expect(try Self.upstreamRequests(upstream) == 1)

        // Both engines serve, so the decoders are loaded.
        #expect(try runtime.client.get("/health").json()["workers_ready"] as? Int == 1)

        let french = try runtime.client.recognize(pcm: speech, language: "fr")
        #expect(french.status == 400)
        let refusal = try french.json()
        #expect(refusal["code"] as? String == "unsupported_language")
        #expect((refusal["error"] as? String)?.contains("en, zh") == true, "\(refusal)")

        // The OpenAI form routes by its language field too.
        let health = try runtime.client.get("/health").json()
        let engines = try #require(health["engines"] as? [[String: Any]])
        #expect(Set(engines.compactMap { $0["name"] as? String }) == ["pocketsphinx", "upstream"])
    }

    /// The key is read from its file and sent as a bearer token, and appears in nothing the
    /// runtime shows: its log, /health, /asr/stats, /metrics.
    @Test func apiKeyIsSentAndNeverShown() throws {
        let directory = try TemporaryDirectory("asrctl-upstream-key")
        defer { directory.remove() }
        let key = "sk-test-\(UUID().uuidString)"
        let keyFile = directory.file("upstream.key")
        try (key + "\n").write(to: keyFile, atomically: true, encoding: .utf8)
        let seen = directory.file("authorization.txt")
        let recorder = try RecordingUpstream(recordingTo: seen)
        defer { recorder.stop() }
        let runtime = try RuntimeProcess(
            environment: Self.front(recorder.port, ["ASR_ENGINE": "upstream", "ASR_UPSTREAM_API_KEY_FILE": keyFile.path])
        )
        defer { runtime.stop() }

        let answer = try runtime.client.recognize(pcm: try SpeechFixtures.goForwardPCM())
        #expect(answer.status == 200, "\(answer.text)")
        #expect(try answer.json()["text"] as? String == "recorded")
        // Every request goes to the upstream: no PocketSphinx decoder was loaded, nor listed.
        let health = try runtime.client.get("/health").json()
        #expect(health["workers"] as? Int == 0 && health["workers_ready"] as? Int == 0)
        #expect((health["engines"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["upstream"])
        #expect(try String(contentsOf: seen, encoding: .utf8) == "Bearer \(key)")
        for path in ["/health", "/asr/stats", "/metrics"] {
            #expect(try !runtime.client.get(path).text.contains(key), "\(path) shows the key")
        }
        #expect(!runtime.log.contains(key), "the log shows the key")
    }

    /// The upstream dies: after a few failures the breaker opens and requests get 503
    /// `engine_unavailable` with Retry-After at once, /health says `degraded` and why, stats and
    /// metrics show it; when the upstream is back on its port a probe closes the breaker again.
    @Test func deadUpstreamOpensTheBreakerAndRecovers() throws {
        var upstream = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1"])
        let port = upstream.port
        let runtime = try RuntimeProcess(environment: Self.front(port, ["ASR_ENGINE": "upstream"]))
        defer { runtime.stop() }
        let speech = try SpeechFixtures.goForwardPCM()
        #expect(try runtime.client.recognize(pcm: speech).status == 200)
        upstream.kill()

        // Distinct audio each time (a nudged sample), so no answer comes from the cache.
        func distinct(_ index: Int) -> Data {
            var copy = speech
            copy[100] = UInt8(truncatingIfNeeded: index)
            return copy
        }
        var statuses: [Int] = []
        for index in 1...5 { statuses.append(try runtime.client.recognize(pcm: distinct(index)).status) }
        #expect(statuses == [502, 502, 502, 502, 502], "\(statuses)")

        let started = Date()
        let refused = try runtime.client.recognize(pcm: distinct(6))
        let refusedSeconds = Date().timeIntervalSince(started)
        #expect(refused.status == 503)
        #expect(try refused.json()["code"] as? String == "engine_unavailable")
        #expect(refused.header("Retry-After") != nil)
        #expect(refusedSeconds < 1, "a refusal by the open breaker took \(refusedSeconds) s")

        let health = try runtime.client.get("/health")
        #expect(health.status == 200)
        #expect(try health.json()["status"] as? String == "degraded")
        #expect((try health.json()["reason"] as? String)?.contains("circuit breaker open") == true)
        let stats = try runtime.client.get("/asr/stats").json()
        let engine = try #require((stats["engines"] as? [[String: Any]])?.first { $0["name"] as? String == "upstream" })
        let report = try #require(engine["upstream"] as? [String: Any])
        #expect(report["breaker"] as? String == "open")
        #expect((report["errors"] as? [String: Any])?["connection"] as? Int == 5)
        #expect(try runtime.client.get("/metrics").text.contains("asr_upstream_breaker_open 1"))

        // Back on the same port: after the open period a probe gets through and closes it.
        upstream = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1"], port: port)
        defer { upstream.stop() }
        var recovered: HTTPResponse?
        for index in 7...60 {
            let answer = try runtime.client.recognize(pcm: distinct(index))
            if answer.status == 200 {
                recovered = answer
                break
            }
            Thread.sleep(forTimeInterval: 0.25)
        }
        #expect(try recovered?.json()["text"] as? String == SpeechFixtures.goForwardText)
        #expect(try runtime.client.get("/health").json()["status"] as? String == "healthy")
    }

    /// `ASR_UPSTREAM_MAX_IN_FLIGHT` bounds the requests open to the upstream at once: four
    /// clients at once, an upstream that takes 1 s per request and records how many it holds:
    /// one at a time with a limit of 1, more than one (up to 4) with a limit of 4.
    @Test(arguments: [(limit: 1, most: 1...1), (limit: 4, most: 2...4)])
    func maxInFlightBoundsOpenUpstreamRequests(limit: Int, most: ClosedRange<Int>) throws {
        let directory = try TemporaryDirectory("asrctl-upstream-limit")
        defer { directory.remove() }
        let recorder = try RecordingUpstream(recordingTo: directory.file("authorization.txt"), delay: 1)
        defer { recorder.stop() }
        let runtime = try RuntimeProcess(
            environment: Self.front(recorder.port, ["ASR_ENGINE": "upstream", "ASR_UPSTREAM_MAX_IN_FLIGHT": String(limit)])
        )
        defer { runtime.stop() }
        let speech = try SpeechFixtures.goForwardPCM()
        let clients = ConcurrentWork(count: 4) { index in
            var copy = speech
            copy[100] = UInt8(truncatingIfNeeded: index)
            return HTTPClient.outcome { try runtime.client.recognize(pcm: copy) }
        }
        let outcomes = try #require(clients.wait(timeout: 60))
        #expect(outcomes.allSatisfy { (try? $0.get().status) == 200 })
        #expect(most.contains(recorder.mostAtOnce), "the upstream held \(recorder.mostAtOnce) at once")
    }

    /// Devices on a runtime whose engine is the upstream: each utterance — cut by `listen stop`
    /// in manual mode, by the level endpointer in auto mode — goes to the upstream whole when it
    /// ends, and its text comes back as the `stt`; no PocketSphinx decoder is leased for them.
    @Test(arguments: ["manual", "auto"])
    func devicesStreamWholeUtterancesThroughTheUpstream(mode: String) throws {
        let upstream = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1"])
        defer { upstream.stop() }
        let runtime = try RuntimeProcess(environment: Self.front(upstream.port, ["ASR_ENGINE": "upstream"]))
        defer { runtime.stop() }
        // Two devices, ~30 % of the time speaking; an answer may take three times the decode of
        // the longest utterance (7 s) at today's speed, queued behind the other device's.
        let speed = try EngineSpeed.measure(upstream)
        let answerTimeout = max(20, Int((3 * speed.seconds(toDecode: 7) * 2).rounded(.up)))
        let cli = try CLI()
        defer { cli.directory.remove() }
        let result = try cli.run(
            "test",
            "stress",
            "--devices",
            "2",
            "--duration",
            "15",
            "--think",
            "3",
            "--mode",
            mode,
            "--answer-timeout",
            String(answerTimeout),
            "--url",
            "http://127.0.0.1:\(runtime.port)",
            "--json"
        )
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let utterances = try #require(json["utterances"] as? [String: Any])
        let started = try #require(utterances["started"] as? Int)
        #expect(started >= 2)
        #expect(utterances["answered"] as? Int == started, "\(utterances)")
        #expect((try #require(json["accuracy"] as? [String: Any])["word_accuracy"] as? Double ?? 0) > 0.4)
        let streams = try #require(try runtime.client.get("/asr/stats").json()["streams"] as? [String: Any])
        let decoders = try #require(streams["decoders"] as? [String: Any])
        #expect(decoders["leases"] as? Int == 0, "a stream leased a PocketSphinx decoder: \(decoders)")
        // The upstream heard the utterances (and the one speed probe).
        #expect(try Self.upstreamRequests(upstream) >= started + 1)
    }

    /// An upstream that is not there is seen before any request: /health says `degraded` and
    /// why from the start (a probe of `/v1/models`), and `healthy` once the upstream answers.
    @Test func unreachableUpstreamIsDegradedFromTheStartUntilItAnswers() throws {
        let port = FreePort.next()
        let runtime = try RuntimeProcess(environment: Self.front(port, ["ASR_ENGINE": "upstream"]))
        defer { runtime.stop() }
        let health = try runtime.client.get("/health").json()
        #expect(health["status"] as? String == "degraded")
        #expect((health["reason"] as? String)?.contains("is not reachable") == true, "\(health)")

        let upstream = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1"], port: port)
        defer { upstream.stop() }
        // Probed every 5 s while idle.
        #expect(try Poll.until(timeout: 30, interval: 0.25) { try runtime.client.get("/health").json()["status"] as? String == "healthy" })
    }

    /// `check-host` asks the configured upstream for its models: PASS when it answers and lists
    /// the model, WARN when it does not list it, FAIL when nothing answers.
    @Test func checkHostReportsTheUpstream() throws {
        let upstream = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1"])
        defer { upstream.stop() }
        let cli = try CLI()
        defer { cli.directory.remove() }
        func upstreamCheck(port: Int, model: String) throws -> [String: Any] {
            try Self.upstreamCheck(cli, ["ASR_UPSTREAM_URL=http://127.0.0.1:\(port)", "ASR_UPSTREAM_MODEL=\(model)"])
        }
        let listed = try upstreamCheck(port: upstream.port, model: "pocketsphinx-en-us+balanced")
        #expect(listed["status"] as? String == "PASS", "\(listed)")
        #expect((listed["detail"] as? String)?.contains("lists pocketsphinx-en-us+balanced") == true)
        let unlisted = try upstreamCheck(port: upstream.port, model: "paraformer-zh")
        #expect(unlisted["status"] as? String == "WARN", "\(unlisted)")
        let dead = try upstreamCheck(port: FreePort.next(), model: "paraformer-zh")
        #expect(dead["status"] as? String == "FAIL", "\(dead)")
    }

    /// A stopped upstream (SIGSTOP: connections accepted, nothing answered) costs a request
    /// `ASR_UPSTREAM_TIMEOUT`, then 504 `upstream_timeout`; nothing hangs.
    @Test func stoppedUpstreamEndsRequestsAtTheTimeout() throws {
        let upstream = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1"])
        defer {
            _ = Glibc.kill(upstream.pid, SIGCONT)
            upstream.stop()
        }
        let runtime = try RuntimeProcess(environment: Self.front(upstream.port, ["ASR_ENGINE": "upstream", "ASR_UPSTREAM_TIMEOUT": "2"]))
        defer { runtime.stop() }
        _ = Glibc.kill(upstream.pid, SIGSTOP)

        let started = Date()
        let answer = try runtime.client.recognize(pcm: try SpeechFixtures.goForwardPCM())
        let seconds = Date().timeIntervalSince(started)
        #expect(answer.status == 504, "\(answer.text)")
        #expect(try answer.json()["code"] as? String == "upstream_timeout")
        #expect(seconds >= 1.9 && seconds < 12, "answered after \(seconds) s with a 2 s timeout")
    }
}
