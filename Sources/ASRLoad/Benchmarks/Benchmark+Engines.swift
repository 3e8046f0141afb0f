import ASRRuntime
import Foundation

extension Benchmark {
    /// The upstream asrctl's model id (its `/v1/models`): its engine id at the default search level.
    static let runtimeUpstreamModel = PocketSphinxConfiguration(runtime: .defaults).engineID
    /// The model id bench/peers/whisper_server.py serves.
    static let whisperModel = "whisper-base"

    /// `asrctl serve` in front of `upstream`: every request goes to it, no decoders loaded;
    /// and how it was started, for the record.
    func startFront(of upstream: ServiceProcess, model: String, cacheMB: Int) throws -> (ServiceProcess, String) {
        let settings = [
            "ASR_ENGINE": "upstream",
            "ASR_UPSTREAM_URL": "http://127.0.0.1:\(upstream.port)",
            "ASR_UPSTREAM_MODEL": model,
            "ASR_UPSTREAM_TIMEOUT": "120",
            "ASR_CACHE_SIZE_MB": String(cacheMB),
        ]
        let front = try startRuntime(settings)
        return (front, "asrctl in front: \(BenchmarkMarkdown.environmentList(settings)), " + String(format: "healthy in %.2f s", front.readySeconds))
    }

    /// §8: PocketSphinx in process, a second `asrctl serve` as the upstream (directly and through
    /// asrctl, decoding; then answering from its own cache, for asrctl's own added latency), an
    /// upstream result from asrctl's cache; then faster-whisper the same way when its venv exists.
    func engines() throws -> EnginesResult {
        let budget = options.budget
        let utterances = Array(corpus.utterances.prefix(budget.engineUtterances ?? corpus.utterances.count))
        var result = EnginesResult(utteranceIDs: utterances.map(\.id), references: utterances.map(\.reference))

        let upstreamEnvironment = ["ASR_WORKER_THREADS": "1", "ASR_CACHE_SIZE_MB": "64"]
        let upstream = try startRuntime(upstreamEnvironment)
        defer { upstream.stop() }
        let (front, frontSetup) = try startFront(of: upstream, model: Self.runtimeUpstreamModel, cacheMB: 0)
        defer { front.stop() }
        result.setups.append(
            "asrctl serve (PocketSphinx en-us) as the upstream: this binary, \(BenchmarkMarkdown.environmentList(upstreamEnvironment)), "
                + String(format: "healthy in %.2f s; ", upstream.readySeconds) + frontSetup
        )

        let ownBefore = ProcessProbe.residentMB(getpid())
        let decoder = try PocketSphinxDecoder(configuration: .englishUS)
        _ = try? decoder.decode(utterances[0].audio)
        let decoderRSS = ProcessProbe.residentMB(getpid()).flatMap { after in ownBefore.map { after - $0 } }
        let probe = UpstreamPairedProbe(
            upstream: upstream,
            front: front,
            engine: "asrctl serve (PocketSphinx en-us)",
            model: Self.runtimeUpstreamModel
        )
        progress("  asrctl serve as the upstream, decoding: \(utterances.count * budget.enginePasses) pairs, each utterance also decoded in process")
        let decoding = try probe.run(
            utterances: utterances,
            pairs: utterances.count * budget.enginePasses,
            distinct: true,
            decoder: decoder,
            decoderRSSMB: decoderRSS
        )
        result.paths += [decoding.inProcess, decoding.direct, decoding.through].compactMap { $0 }
        result.addedLatency.append(decoding.added)
        progress("  asrctl serve as the upstream, answering from its cache: \(budget.cachedPairs) pairs")
        result.addedLatency.append(try probe.run(utterances: utterances, pairs: budget.cachedPairs, distinct: false).added)
        front.stop()

        progress("  an upstream result from asrctl's cache: \(budget.cacheHits) hits")
        let (caching, _) = try startFront(of: upstream, model: Self.runtimeUpstreamModel, cacheMB: 64)
        defer { caching.stop() }
        let body = try UtteranceRequests(utterances[0], mark: nil, model: Self.runtimeUpstreamModel, language: "en").recognizeBody
        let connection = BenchHTTPConnection(port: caching.port)
        let first = try connection.post("/asr/recognize", contentType: "application/json", body: body)
        guard first.status == 200 else { throw BenchmarkError.http("the first request through asrctl answered \(first.status): \(first.text)") }
        _ = try Self.timedRepeats(connection, count: min(50, budget.cacheHits), path: "/asr/recognize", body: body)  // warm-up
        (result.cacheHits, result.cacheMisses) = try Self.timedRepeats(
            connection,
            count: budget.cacheHits,
            path: "/asr/recognize",
            body: body,
            expecting: [Self.level("l1"), Array(#""engine":"upstream-"#.utf8)]
        )
        result.healthRoundTrip = try Self.timedRepeats(connection, count: budget.cacheHits, path: "/health").0
        caching.stop()
        upstream.stop()

        do {
            try measureWhisper(utterances: Array(utterances.prefix(budget.whisperUtterances ?? utterances.count)), into: &result)
        } catch {
            result.whisperSkipped = "faster-whisper did not run: \(error)"
        }
        return result
    }

    /// faster-whisper (bench/peers/whisper_server.py in the engines venv) directly and through
    /// asrctl, every request decoded; skipped, with why, when the venv or the model is missing.
    private func measureWhisper(utterances: [CorpusUtterance], into result: inout EnginesResult) throws {
        let engines = options.enginesDirectory
        let python = engines.appendingPathComponent("venv/bin/python")
        let model = engines.appendingPathComponent(Self.whisperModel, isDirectory: true)
        guard FileManager.default.isExecutableFile(atPath: python.path),
            FileManager.default.fileExists(atPath: model.appendingPathComponent("model.bin").path)
        else {
            result.whisperSkipped =
                "faster-whisper not measured: \(python.path) or \(model.path)/model.bin is missing (make engines-check creates both)"
            return
        }
        let arguments = ["--model-dir", model.path, "--model-name", Self.whisperModel, "--compute-type", "int8"]
        let whisper = try ServiceProcess.peer(
            kind: .whisper,
            python: python,
            script: options.whisperServer,
            arguments: arguments,
            workDirectory: workDirectory
        )
        defer { whisper.stop() }
        let (front, frontSetup) = try startFront(of: whisper, model: Self.whisperModel, cacheMB: 0)
        defer { front.stop() }
        result.setups.append(
            "faster-whisper (Whisper base, int8) as the upstream: `.engines/venv/bin/python bench/peers/\(options.whisperServer.lastPathComponent) "
                + "\(arguments.joined(separator: " ").replacingOccurrences(of: engines.path, with: ".engines"))`, "
                + String(format: "healthy in %.2f s; ", whisper.readySeconds) + frontSetup
        )
        progress("  faster-whisper as the upstream, decoding: \(utterances.count) pairs")
        let probe = UpstreamPairedProbe(upstream: whisper, front: front, engine: "faster-whisper (Whisper base int8)", model: Self.whisperModel)
        let decoding = try probe.run(utterances: utterances, pairs: utterances.count, distinct: true)
        result.paths += [decoding.direct, decoding.through]
        result.addedLatency.append(decoding.added)
    }
}
