import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// asrctl in front of a FunASR runtime WebSocket server (`ASR_UPSTREAM_PROTOCOL=funasr-ws`), as
/// operators run it before the funasr-runtime-sdk containers: here the FunASR server is another
/// `asrctl serve`'s FunASR listener, decoding with the real model.
@Suite(.runsProcesses) struct FunASRUpstreamTests {
    /// A runtime serving the FunASR protocol on a free port, requiring `token` when given.
    static func funASRServer(token: String? = nil) throws -> (runtime: RuntimeProcess, port: Int) {
        let port = FreePort.next()
        var environment = ["ASR_WORKER_THREADS": "1", "ASR_FUNASR_PORT": String(port)]
        if let token { environment["ASR_AUTH_TOKENS"] = token }
        return (try RuntimeProcess(environment: environment), port)
    }

    /// The front runtime's settings for a FunASR server at `port`.
    static func front(_ port: Int, _ extra: [String: String] = [:]) -> [String: String] {
        ["ASR_WORKER_THREADS": "1", "ASR_ENGINE": "upstream", "ASR_UPSTREAM_PROTOCOL": "funasr-ws", "ASR_UPSTREAM_URL": "ws://127.0.0.1:\(port)"]
            .merging(extra) { $1 }
    }

    /// An utterance goes to the FunASR server as an offline round with the key in FunASR's
    /// `Bearer;` form, and its transcript comes back named by the engine; the repeat is a cache
    /// hit; /health is healthy (the probe's handshake succeeds); the key is shown nowhere.
    @Test func utterancesAreOfflineRoundsOnTheFunASRServer() throws {
        let key = "funasr-\(UUID().uuidString)"
        let server = try Self.funASRServer(token: key)
        defer { server.runtime.stop() }
        let directory = try TemporaryDirectory("asrctl-funasr-key")
        defer { directory.remove() }
        let keyFile = directory.file("funasr.key")
        try key.write(to: keyFile, atomically: true, encoding: .utf8)
        let runtime = try RuntimeProcess(environment: Self.front(server.port, ["ASR_UPSTREAM_API_KEY_FILE": keyFile.path]))
        defer { runtime.stop() }
        let speech = try SpeechFixtures.goForwardPCM()

        let answer = try runtime.client.recognize(pcm: speech, language: "zh")
        #expect(answer.status == 200, "\(answer.text)")
        let body = try answer.json()
        #expect(body["text"] as? String == SpeechFixtures.goForwardText)
        #expect(body["engine"] as? String == "upstream-funasr-ws@127.0.0.1:\(server.port)", "\(body)")
        #expect(try UpstreamEngineTests.upstreamRequests(server.runtime) == 1)
        #expect(try runtime.client.recognize(pcm: speech, language: "zh").json()["cached"] as? Bool == true)
        #expect(try UpstreamEngineTests.upstreamRequests(server.runtime) == 1)

        #expect(try runtime.client.get("/health").json()["status"] as? String == "healthy")
        for path in ["/health", "/asr/stats", "/metrics"] {
            #expect(try !runtime.client.get(path).text.contains(key), "\(path) shows the key")
        }
        #expect(!runtime.log.contains(key), "the log shows the key")
    }

    /// A key the FunASR server does not take: 502 naming the refusal, not retried as an outage
    /// (the breaker stays closed).
    @Test func refusedKeyIsAClearError() throws {
        let server = try Self.funASRServer(token: "the-right-key")
        defer { server.runtime.stop() }
        let directory = try TemporaryDirectory("asrctl-funasr-key")
        defer { directory.remove() }
        let keyFile = directory.file("funasr.key")
        try "a-wrong-key".write(to: keyFile, atomically: true, encoding: .utf8)
        let runtime = try RuntimeProcess(environment: Self.front(server.port, ["ASR_UPSTREAM_API_KEY_FILE": keyFile.path]))
        defer { runtime.stop() }

        let answer = try runtime.client.recognize(pcm: try SpeechFixtures.goForwardPCM())
        #expect(answer.status == 502, "\(answer.text)")
        let error = try answer.json()["error"] as? String ?? ""
        #expect(error.contains("unauthorized"), "\(error)")
        #expect(!error.contains("a-wrong-key"))
        let stats = try runtime.client.get("/asr/stats").json()
        let engine = try #require((stats["engines"] as? [[String: Any]])?.first { $0["name"] as? String == "upstream" })
        #expect((engine["upstream"] as? [String: Any])?["breaker"] as? String == "closed")
    }

    /// `check-host` finds a FunASR server by a plain request to its address (it answers 426):
    /// PASS, saying the protocol lists no models; FAIL when nothing listens there.
    @Test func checkHostReportsTheFunASRServer() throws {
        let server = try Self.funASRServer()
        defer { server.runtime.stop() }
        let cli = try CLI()
        defer { cli.directory.remove() }
        func upstreamCheck(port: Int) throws -> [String: Any] {
            try UpstreamEngineTests.upstreamCheck(cli, ["ASR_UPSTREAM_PROTOCOL=funasr-ws", "ASR_UPSTREAM_URL=ws://127.0.0.1:\(port)"])
        }
        let answering = try upstreamCheck(port: server.port)
        #expect(answering["status"] as? String == "PASS", "\(answering)")
        #expect((answering["detail"] as? String)?.contains("names no models") == true, "\(answering)")
        #expect(try upstreamCheck(port: FreePort.next())["status"] as? String == "FAIL")
    }

    /// A stopped FunASR server (SIGSTOP: connections accepted, nothing answered) costs a request
    /// `ASR_UPSTREAM_TIMEOUT`, then 504 `upstream_timeout`; nothing hangs.
    @Test func stoppedFunASRServerEndsRequestsAtTheTimeout() throws {
        let server = try Self.funASRServer()
        defer {
            _ = Glibc.kill(server.runtime.pid, SIGCONT)
            server.runtime.stop()
        }
        let runtime = try RuntimeProcess(environment: Self.front(server.port, ["ASR_UPSTREAM_TIMEOUT": "2"]))
        defer { runtime.stop() }
        _ = Glibc.kill(server.runtime.pid, SIGSTOP)

        let started = Date()
        let answer = try runtime.client.recognize(pcm: try SpeechFixtures.goForwardPCM())
        let seconds = Date().timeIntervalSince(started)
        #expect(answer.status == 504, "\(answer.text)")
        #expect(try answer.json()["code"] as? String == "upstream_timeout")
        #expect(seconds >= 1.9 && seconds < 12, "answered after \(seconds) s with a 2 s timeout")
    }
}
