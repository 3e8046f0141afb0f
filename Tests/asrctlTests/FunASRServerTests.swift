import Foundation
import TestSupport
import Testing

/// asrctl as a FunASR server: `asrctl serve` with its FunASR listener (`ASR_FUNASR_PORT`), driven
/// by clients others wrote — PyPI's funasr-client, and the exact requests of
/// xiaozhi-esp32-server's FunASRServer provider (and of its OpenaiASR provider, the other way
/// it can reach asrctl) — from Tests/asrctlTests/Fixtures/funasr/clients.py, run in the venv
/// `make test-tools` builds.
@Suite(
    .runsProcesses,
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: FunASRClients.python.path),
        "needs the Python clients in .tools/venv: run make test-tools"
    )
)
struct FunASRServerTests {

    /// A runtime with its FunASR listener on a free port.
    struct Server {
        let runtime: RuntimeProcess
        let funASRPort: Int
        var uri: String { "ws://127.0.0.1:\(funASRPort)" }

        init(_ environment: [String: String] = [:]) throws {
            funASRPort = FreePort.next()
            runtime = try RuntimeProcess(
                environment: ["ASR_WORKER_THREADS": "1", "ASR_FUNASR_PORT": String(funASRPort)].merging(environment) { $1 }
            )
        }
    }

    /// goforward.raw as a `.pcm` file: funasr-client sends any other suffix as an encoded format.
    static func speechFile(in directory: TemporaryDirectory) throws -> URL {
        let file = directory.file("goforward.pcm")
        try SpeechFixtures.goForwardPCM().write(to: file)
        return file
    }

    /// Runs one client command; every JSON line it printed.
    static func run(_ arguments: [String]) throws -> [[String: Any]] {
        let result = try ProcessRunner.run(FunASRClients.python.path, [FunASRClients.script.path] + arguments)
        #expect(result.status == 0, "client exited \(result.status): \(result.stderr)")
        return result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Each mode as funasr-client speaks it: exactly one final result, the last; `offline` and
    /// `online` results carry their mode, 2pass ones `2pass-online`/`2pass-offline`; the texts a
    /// client keeps (all of them for offline and online, the 2pass-offline ones for 2pass) read
    /// as the transcript.
    @Test(arguments: ["offline", "online", "2pass"])
    func funasrClientGetsEveryModesResults(mode: String) throws {
        let server = try Server()
        defer { server.runtime.stop() }
        let directory = try TemporaryDirectory("asrctl-funasr")
        defer { directory.remove() }

        let messages = try Self.run(["funasr-client", server.uri, try Self.speechFile(in: directory).path, mode])
        #expect(messages.last?["is_final"] as? Bool == true, "\(messages)")
        #expect(messages.filter { $0["is_final"] as? Bool == true }.count == 1, "\(messages)")
        #expect(messages.allSatisfy { $0["wav_name"] as? String == "goforward.pcm" })
        let modes = Set(messages.compactMap { $0["mode"] as? String })
        let kept: [[String: Any]]
        switch mode {
        case "2pass":
            #expect(modes.isSubset(of: ["2pass-online", "2pass-offline"]), "\(modes)")
            kept = messages.filter { $0["mode"] as? String == "2pass-offline" }
        default:
            #expect(modes == [mode], "\(modes)")
            kept = messages
        }
        #expect(kept.compactMap { $0["text"] as? String }.joined() == SpeechFixtures.goForwardText, "\(messages)")
    }

    /// Audio arriving in real time gets partial results while it is spoken: in online mode the
    /// pieces are appended by the client (each new settled word once, a space between); in
    /// 2pass mode the sentence's own result follows them. Two rounds on one connection.
    @Test func pacedAudioGetsPartialResultsBeforeTheFinal() throws {
        let server = try Server()
        defer { server.runtime.stop() }
        let directory = try TemporaryDirectory("asrctl-funasr")
        defer { directory.remove() }

        let messages = try Self.run([
            "rounds", server.uri, try Self.speechFile(in: directory).path, "paced",
            #"{"mode":"online","wav_name":"first","is_speaking":true}"#,
            #"{"mode":"2pass","wav_name":"second","is_speaking":true}"#,
        ])
        let online = messages.filter { $0["round"] as? Int == 0 }
        let twoPass = messages.filter { $0["round"] as? Int == 1 }
        #expect(online.dropLast().contains { $0["is_final"] as? Bool == false && !($0["text"] as? String ?? "").isEmpty }, "\(online)")
        #expect(online.last?["is_final"] as? Bool == true)
        let appended = online.compactMap { $0["text"] as? String }.joined()
        #expect(!appended.contains("  ") && appended.hasSuffix("meters"), "\(appended)")
        #expect(online.allSatisfy { $0["wav_name"] as? String == "first" })
        #expect(twoPass.contains { $0["mode"] as? String == "2pass-online" }, "\(twoPass)")
        #expect(twoPass.last?["mode"] as? String == "2pass-offline")
        #expect(twoPass.last?["text"] as? String == SpeechFixtures.goForwardText)
        #expect(twoPass.last?["is_final"] as? Bool == true)
        #expect(twoPass.allSatisfy { $0["wav_name"] as? String == "second" })
    }

    /// The provider's exact request: `Bearer; <key>` with the key in ASR_AUTH_TOKENS gets the
    /// transcript, on the `binary` subprotocol; another key is closed with 1008 saying why,
    /// without repeating the key.
    @Test func xiaozhiProviderRequestIsAnsweredWithItsKey() throws {
        let server = try Server(["ASR_AUTH_TOKENS": "provider-key,other"])
        defer { server.runtime.stop() }
        let directory = try TemporaryDirectory("asrctl-funasr")
        defer { directory.remove() }
        let speech = try Self.speechFile(in: directory).path

        let answered = try #require(try Self.run(["xiaozhi", server.uri, speech, "provider-key"]).last)
        #expect(answered["text"] as? String == SpeechFixtures.goForwardText, "\(answered)")
        #expect(answered["subprotocol"] as? String == "binary")

        let refused = try #require(try Self.run(["xiaozhi", server.uri, speech, "wrong-key"]).last)
        #expect(refused["closed"] as? Int == 1008, "\(refused)")
        #expect((refused["reason"] as? String)?.contains("unauthorized") == true)
        #expect((refused["reason"] as? String)?.contains("wrong-key") == false)
    }

    /// xiaozhi-esp32-server's other provider, OpenaiASR, as it sends an utterance: a WAV file
    /// posted with requests as `file` + `model` and a bearer key, to `base_url` as configured
    /// (the full `/v1/audio/transcriptions` address).
    @Test func xiaozhiOpenAIProviderRequestIsAnswered() throws {
        let server = try Server()
        defer { server.runtime.stop() }
        let directory = try TemporaryDirectory("asrctl-funasr")
        defer { directory.remove() }
        let url = "http://127.0.0.1:\(server.runtime.port)/v1/audio/transcriptions"
        let answer = try #require(try Self.run(["xiaozhi-openai", url, try Self.speechFile(in: directory).path, "sk-anything"]).last)
        #expect(answer["status"] as? Int == 200, "\(answer)")
        #expect(answer["text"] as? String == SpeechFixtures.goForwardText)
    }

    /// What the runtime does not take closes the connection with 1003 and a reason naming it.
    @Test(arguments: [
        (#"{"mode":"offline","wav_format":"mp3"}"#, "wav_format"),
        (#"{"mode":"offline","audio_fs":8000}"#, "audio_fs 8000"),
        (#"{"mode":"3pass"}"#, "mode \"3pass\""),
        ("not json", "malformed"),
    ])
    func unsupportedConfigsAreClosedWithTheReason(config: String, named: String) throws {
        let server = try Server()
        defer { server.runtime.stop() }
        let directory = try TemporaryDirectory("asrctl-funasr")
        defer { directory.remove() }
        let closed = try #require(try Self.run(["rounds", server.uri, try Self.speechFile(in: directory).path, "fast", config]).last)
        #expect(closed["closed"] as? Int == 1003, "\(closed)")
        #expect((closed["reason"] as? String)?.contains(named) == true, "\(closed)")
    }

    /// A round's `svs_lang` picks its engine like a request's language: `zh` goes to the
    /// upstream (another asrctl), `en` stays in process; the offline round's result comes from
    /// the cache the second time.
    @Test func svsLangRoutesTheRound() throws {
        let upstream = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1"])
        defer { upstream.stop() }
        let server = try Server(UpstreamEngineTests.front(upstream.port, ["ASR_ENGINE_ROUTES": "zh=upstream,en=pocketsphinx"]))
        defer { server.runtime.stop() }
        let directory = try TemporaryDirectory("asrctl-funasr")
        defer { directory.remove() }
        let speech = try Self.speechFile(in: directory).path

        let messages = try Self.run([
            "rounds", server.uri, speech, "fast",
            #"{"mode":"offline","svs_lang":"zh"}"#,
            #"{"mode":"offline","svs_lang":"en"}"#,
            #"{"mode":"offline","svs_lang":"zh"}"#,
        ])
        #expect(messages.compactMap { $0["text"] as? String } == Array(repeating: SpeechFixtures.goForwardText, count: 3), "\(messages)")
        #expect(try UpstreamEngineTests.upstreamRequests(upstream) == 1)
        let stats = try server.runtime.client.get("/asr/stats").json()
        #expect(stats["cache_hits"] as? Int == 1, "\(stats)")
    }
}

/// The Python clients' interpreter (the venv `make test-tools` builds) and script.
enum FunASRClients {
    static let python = RepositoryPaths.root.appendingPathComponent(".tools/venv/bin/python")
    static let script = RepositoryPaths.root.appendingPathComponent("Tests/asrctlTests/Fixtures/funasr/clients.py")
}
