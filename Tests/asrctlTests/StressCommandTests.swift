import Foundation
import TestSupport
import Testing

/// `asrctl test stress`: simulated devices streaming real speech as Opus to a real runtime.
@Suite(.runsProcesses, .serialized) struct StressCommandTests {
    private func report(_ result: ProcessRunner.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\n\(result.stderr)")
    }

    /// `asrctl test stress --burst` of `devices` against `runtime`, reporting JSON.
    private func burst(_ cli: CLI, _ runtime: RuntimeProcess, devices: Int, answerTimeout: Int) throws -> ProcessRunner.Result {
        let url = "http://127.0.0.1:\(runtime.port)"
        return try cli.run(
            "test",
            "stress",
            "--burst",
            "--devices",
            String(devices),
            "--answer-timeout",
            String(answerTimeout),
            "--url",
            url,
            "--json"
        )
    }

    @Test func devicesForTwentySecondsReportAsJSON() throws {
        let runtime = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "2"])
        defer { _ = runtime.stop() }
        let cli = try CLI()
        defer { cli.directory.remove() }
        // The whole suite shares two cores with this runtime, and the machine's speed varies
        // ×3.5 from day to day, so the load is sized from the speed measured now: a device
        // speaks ~3.5 s per ~11.5 s (4–12 s pauses), ~0.3 audio-s/s; offer at most a third of
        // what two decoders manage today (2–8 devices), and allow an answer three times the
        // time to decode the utterances that could queue ahead of it (10 s of speech at most).
        // The verdict is then about the simulator and the runtime, not about the machine.
        let speed = try EngineSpeed.measure(runtime)
        let ceiling = 2 / speed.secondsPerAudioSecond
        let devices = min(8, max(2, Int(ceiling / 3 / 0.3)))
        let answerTimeout = max(30, Int((3 * speed.seconds(toDecode: 10) * Double(devices / 2 + 1)).rounded(.up)))
        let result = try cli.run(
            "test",
            "stress",
            "--devices",
            String(devices),
            "--duration",
            "20",
            "--think",
            "8",
            "--answer-timeout",
            String(answerTimeout),
            "--url",
            "http://127.0.0.1:\(runtime.port)",
            "--json"
        )
        #expect(result.status == 0, "\(devices) devices, answer timeout \(answerTimeout) s\n\(result.stdout)\n\(result.stderr)")
        let json = try report(result)
        #expect(json["devices"] as? Int == devices)
        let sessions = try #require(json["sessions"] as? [String: Any])
        #expect(sessions["connected"] as? Int == devices)
        #expect(sessions["refused"] as? Int == 0)
        let utterances = try #require(json["utterances"] as? [String: Any])
        let started = try #require(utterances["started"] as? Int)
        // Each device speaks at least once in 20 s (its first pause is at most the 8 s think time).
        #expect(started >= devices)
        #expect(utterances["answered"] as? Int == started)
        #expect(utterances["failed"] as? Int == 0, "\(utterances["failures"] ?? "")")
        let latency = try #require(json["latency_seconds"] as? [String: Any])
        let p50 = try #require(latency["p50"] as? Double)
        let p95 = try #require(latency["p95"] as? Double)
        let p99 = try #require(latency["p99"] as? Double)
        #expect(0 < p50 && p50 <= p95 && p95 <= p99)
        // Real speech came back as real text: most words right.
        let accuracy = try #require(json["accuracy"] as? [String: Any])
        #expect((accuracy["word_accuracy"] as? Double ?? 0) > 0.4)
        #expect((accuracy["reference_words"] as? Int ?? 0) > 0)
        let load = try #require(json["load"] as? [String: Any])
        #expect((load["speech_seconds"] as? Double ?? 0) > 8)
        let runtimeFigures = try #require(json["runtime"] as? [String: Any])
        #expect((runtimeFigures["rss_peak_mb"] as? Double ?? 0) > 50)
        #expect((runtimeFigures["stream_decoders_peak_in_use"] as? Int ?? 0) >= 1)
        let verdict = try #require(json["verdict"] as? [String: Any])
        #expect(verdict["all_answered"] as? Bool == true)
        #expect(verdict["latency_target_seconds"] as? Double == 0.24)
        #expect(["met", "missed"].contains(verdict["latency"] as? String))
        // Progress went to standard error while it ran.
        #expect(result.stderr.contains("[0/20 s]"))
    }

    /// `--burst`: every device says goforward once, all starting together; each is answered.
    @Test func aBurstIsOneUtterancePerDeviceStartedTogether() throws {
        let runtime = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "2"])
        defer { _ = runtime.stop() }
        let cli = try CLI()
        defer { cli.directory.remove() }
        let devices = 3
        // Time enough to decode every device's 2.8 s three times over at today's speed.
        let speed = try EngineSpeed.measure(runtime)
        let answerTimeout = max(30, Int((3 * speed.seconds(toDecode: 2.8 * Double(devices))).rounded(.up)))
        let result = try burst(cli, runtime, devices: devices, answerTimeout: answerTimeout)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let json = try report(result)
        #expect(json["burst"] as? Bool == true)
        let utterances = try #require(json["utterances"] as? [String: Any])
        #expect(utterances["started"] as? Int == devices, "one utterance per device")
        #expect(utterances["answered"] as? Int == devices)
        let latency = try #require(json["latency_seconds"] as? [String: Any])
        #expect(latency["count"] as? Int == devices)
        // Every device said goforward: the speech is seconds long and was decoded as such.
        let load = try #require(json["load"] as? [String: Any])
        #expect(abs((load["speech_seconds"] as? Double ?? 0) - 2.79 * Double(devices)) < 0.2 * Double(devices))
        let accuracy = try #require(json["accuracy"] as? [String: Any])
        #expect((accuracy["word_accuracy"] as? Double ?? 0) >= 0.75)
    }

    /// No second stream decoder fits under `ASR_MEMORY_CRITICAL_MB` (set just above the RSS of a
    /// loaded runtime): of two devices speaking together, one gets the decoder loaded at start-up,
    /// the other is not refused — its utterance is collected and decoded whole when it ends.
    @Test func aDeviceThatGetsNoDecoderIsDecodedWholeNotRefused() throws {
        let probe = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1"])
        let loaded = try #require(probe.residentMB)
        _ = probe.stop()
        // A stream decoder is ~45 MB: 30 MB of room admits none beyond the one loaded at start-up.
        let critical = Int(loaded) + 30
        let runtime = try RuntimeProcess(environment: [
            "ASR_WORKER_THREADS": "1", "ASR_MAX_MEMORY_MB": String(critical + 500),
            "ASR_MEMORY_WARNING_MB": String(critical - 5), "ASR_MEMORY_CRITICAL_MB": String(critical),
        ])
        defer { _ = runtime.stop() }
        let cli = try CLI()
        defer { cli.directory.remove() }
        let result = try burst(cli, runtime, devices: 2, answerTimeout: 120)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let utterances = try #require(try report(result)["utterances"] as? [String: Any])
        #expect(utterances["answered"] as? Int == 2)
        let stats = try runtime.client.get("/asr/stats").json()
        let decoders = try #require((stats["streams"] as? [String: Any])?["decoders"] as? [String: Any])
        #expect(decoders["refused"] as? Int == 1, "the second device got no decoder: \(decoders)")
        #expect(decoders["created"] as? Int == 1)
    }

    @Test func devicesOverMaxConcurrentAreCountedRefusedAndFailTheRun() throws {
        let runtime = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1", "ASR_MAX_CONCURRENT": "2"])
        defer { _ = runtime.stop() }
        let cli = try CLI()
        defer { cli.directory.remove() }
        let result = try cli.run(
            "test",
            "stress",
            "--devices",
            "4",
            "--duration",
            "2",
            "--think",
            "0.5",
            "--url",
            "http://127.0.0.1:\(runtime.port)",
            "--json"
        )
        #expect(result.status == 1)
        let sessions = try #require(try report(result)["sessions"] as? [String: Any])
        #expect(sessions["connected"] as? Int == 2, "\(sessions)")
        #expect(sessions["refused"] as? Int == 2, "\(sessions)")
        #expect((sessions["refusals"] as? [String: Int])?["concurrency_limit"] == 2)
    }

    @Test func aRuntimeRequiringATokenAdmitsOnlyDevicesThatSendIt() throws {
        let runtime = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1", "ASR_AUTH_TOKENS": "first-token,s3cret"])
        defer { _ = runtime.stop() }
        let cli = try CLI()
        defer { cli.directory.remove() }
        let url = "http://127.0.0.1:\(runtime.port)"
        let without = try cli.run("test", "stress", "--devices", "2", "--duration", "1", "--think", "0.2", "--url", url, "--json")
        #expect(without.status == 1)
        let refusals = try #require(try report(without)["sessions"] as? [String: Any])["refusals"] as? [String: Int]
        #expect(refusals?["unauthorized"] == 2)

        // Devices of protocol version 3 (framed binary messages) get in and are understood too.
        let with = try cli.run(
            "test",
            "stress",
            "--devices",
            "2",
            "--duration",
            "2",
            "--think",
            "0.2",
            "--url",
            url,
            "--token",
            "s3cret",
            "--protocol-version",
            "3",
            "--json"
        )
        #expect(with.status == 0, "\(with.stdout)\n\(with.stderr)")
        #expect((try report(with)["sessions"] as? [String: Any])?["connected"] as? Int == 2)
        #expect((try report(with)["utterances"] as? [String: Any])?["failed"] as? Int == 0)
    }

    @Test func aStoppedRuntimeIsAnOperationFailure() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        let result = try cli.run("test", "stress", "--devices", "2", "--duration", "2", "--url", "http://127.0.0.1:\(FreePort.next())")
        #expect(result.status == 3)
        #expect(result.stderr.contains("runtime not reachable"))
    }

    @Test func outOfRangeOptionsAreRefusedNamingTheRange() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        let result = try cli.run("test", "stress", "--devices", "0", "--url", "http://127.0.0.1:1")
        #expect(result.status == 64)
        #expect(result.stderr.contains("--devices 0 is out of range: 1…500"))
    }
}
