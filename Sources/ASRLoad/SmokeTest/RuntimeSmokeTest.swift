import ASRContracts
import ASRDeploy
import Foundation

/// The guide's two checks, on real speech (pocketsphinx-testdata) against a running runtime:
/// `quick` — health, stats, one recognition with its expected text, the same audio again as a
/// cache hit, 10 concurrent requests; `simple` — all of that plus the cards and librivox corpus
/// (word error rate) and the stats agreeing with what was sent.
public struct RuntimeSmokeTest: Sendable {
    /// The guide's published targets.
    public enum Target {
        public static let singleRequestSeconds = 0.24
        public static let cacheHitSeconds = 0.01
        public static let memoryMB = 1500.0
        public static let wordErrorRate = 0.25
    }

    public let client: RuntimeClient
    public let dataDirectory: URL

    package init(client: RuntimeClient, dataDirectory: URL = SpeechCorpus.defaultDirectory) {
        self.client = client
        self.dataDirectory = dataDirectory
    }

    /// Runs the quick checks (and with `simple`, the corpus checks too).
    package func run(simple: Bool) async -> [SmokeCheck] {
        var checks: [SmokeCheck] = []
        // Health and stats.
        do {
            let (status, health) = try await client.health()
            checks.append(
                SmokeCheck(
                    name: "health",
                    passed: status == 200 && health.status == "healthy",
                    detail: "HTTP \(status), status \(health.status), \(health.workersReady)/\(health.workers) decoders, redis \(health.redis)"
                )
            )
        } catch {
            checks.append(SmokeCheck(name: "health", passed: false, detail: "\(error)"))
            return checks
        }
        let before: StatsResponse
        do {
            before = try await client.stats()
            checks.append(
                SmokeCheck(
                    name: "stats",
                    passed: true,
                    detail:
                        "total_requests \(before.service.totalRequests), memory \(Int(before.memory.rssMB)) MB, queue capacity \(before.queues.capacity)"
                )
            )
        } catch {
            checks.append(SmokeCheck(name: "stats", passed: false, detail: "\(error)"))
            return checks
        }

        // One recognition with its expected text, then the same audio as a cache hit.
        let corpus: SpeechCorpus
        do {
            corpus = try SpeechCorpus.load(from: dataDirectory)
        } catch {
            checks.append(SmokeCheck(name: "test audio", passed: false, detail: error.message))
            return checks
        }
        let goForward = corpus.utterances[0]
        let pcm = Data(goForward.littleEndianBytes)
        // A few samples of trailing silence make the audio new to the caches on every run.
        var fresh = pcm
        fresh.append(Data(repeating: 0, count: 2 * Int.random(in: 1...4000)))
        let expected = goForward.reference
        var sent = 0
        if let (response, seconds) = await recognize(fresh) {
            sent += 1
            checks.append(
                SmokeCheck(
                    name: "recognition",
                    passed: response.text == expected && !response.cached,
                    detail: "\"\(response.text)\" (expected \"\(expected)\"), cached \(response.cached)"
                )
            )
            checks.append(target("single request", seconds, Target.singleRequestSeconds, unit: "s"))
        } else {
            checks.append(SmokeCheck(name: "recognition", passed: false, detail: "no answer"))
        }
        if let (response, seconds) = await recognize(fresh) {
            sent += 1
            checks.append(
                SmokeCheck(
                    name: "cache hit",
                    passed: response.cached && response.text == expected,
                    detail: "cached \(response.cached) (\(response.cacheLevel ?? "-")), \"\(response.text)\""
                )
            )
            checks.append(target("cache hit", seconds, Target.cacheHitSeconds, unit: "s"))
        } else {
            checks.append(SmokeCheck(name: "cache hit", passed: false, detail: "no answer"))
        }

        // Ten concurrent requests of distinct audio.
        let started = ContinuousClock.now
        let results = await withTaskGroup(of: RecognizeResponse?.self) { group in
            for index in 0..<10 {
                var audio = pcm
                audio.append(Data(repeating: 0, count: 2 * (4000 + index * 7 + Int.random(in: 0...3))))
                group.addTask { await recognize(audio)?.0 }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        sent += 10
        let wall = (ContinuousClock.now - started)
        let wallSeconds = wall.seconds
        let right = results.filter { $0?.text == expected }.count
        checks.append(
            SmokeCheck(
                name: "10 concurrent",
                passed: right == 10,
                detail: "\(right)/10 correct in \(String(format: "%.2f", wallSeconds)) s (\(String(format: "%.1f", 10 / wallSeconds)) req/s)",
                measured: 10 / wallSeconds
            )
        )

        if simple {
            let (corpusChecks, corpusSent) = await accuracy(over: corpus)
            checks += corpusChecks
            sent += corpusSent
            if let after = try? await client.stats() {
                let counted = after.service.totalRequests - before.service.totalRequests
                checks.append(
                    SmokeCheck(
                        name: "stats count",
                        passed: counted >= sent,
                        detail: "the runtime counted \(counted) new requests; \(sent) were sent"
                    )
                )
                checks.append(
                    SmokeCheck(
                        name: "memory",
                        passed: after.memory.rssMB < Double(after.memory.capMB),
                        detail: "service RSS \(Int(after.memory.rssMB)) MB, cap \(after.memory.capMB) MB"
                    )
                )
                checks.append(target("service memory", after.memory.rssMB, Target.memoryMB, unit: "MB"))
            }
        }
        return checks
    }

    /// The cards and librivox sets through the service, sent as the WAV files they are: word
    /// error rate against their transcripts.
    func accuracy(over corpus: SpeechCorpus) async -> ([SmokeCheck], Int) {
        var rate = WordErrorRate()
        var sent = 0
        var missing: [String] = []
        for utterance in corpus.utterances where utterance.file.pathExtension == "wav" {
            guard let wav = try? Data(contentsOf: utterance.file) else {
                missing.append(utterance.file.lastPathComponent)
                continue
            }
            sent += 1
            let response = try? await client.post("asr/recognize", body: wav, contentType: "audio/wav")
            let text = response.flatMap { try? JSONDecoder().decode(RecognizeResponse.self, from: $0.body) }?.text ?? ""
            rate.add(reference: utterance.reference, hypothesis: text)
        }
        let checks = [
            SmokeCheck(
                name: "corpus accuracy",
                passed: missing.isEmpty && rate.referenceWords > 0 && rate.rate <= Target.wordErrorRate,
                detail:
                    "word error rate \(String(format: "%.1f", rate.rate * 100)) % over \(rate.referenceWords) words of cards + librivox (must be ≤ 25 %)"
                    + (missing.isEmpty ? "" : "; missing: \(missing.joined(separator: ", "))"),
                measured: rate.rate,
                target: Target.wordErrorRate
            )
        ]
        return (checks, sent)
    }

    private func recognize(_ pcm: Data) async -> (RecognizeResponse, Double)? {
        let body = try? JSONSerialization.data(withJSONObject: [
            "session_id": "asrctl-test", "audio_data": pcm.base64EncodedString(), "sample_rate": 16000,
            "language": "en-US", "priority": 2, "timestamp": Date().timeIntervalSince1970,
        ])
        let started = ContinuousClock.now
        guard let body, let (status, data) = try? await client.post("asr/recognize", body: body, contentType: "application/json"),
            status == 200, let response = try? JSONDecoder().decode(RecognizeResponse.self, from: data)
        else { return nil }
        let elapsed = ContinuousClock.now - started
        return (response, elapsed.seconds)
    }

    private func target(_ name: String, _ measured: Double, _ target: Double, unit: String) -> SmokeCheck {
        let format = unit == "s" ? "%.3f" : "%.0f"
        return SmokeCheck(
            name: "target: \(name)",
            passed: measured <= target,
            detail: "\(String(format: format, measured)) \(unit) (guide: ≤ \(String(format: format, target)) \(unit))",
            measured: measured,
            target: target,
            isTarget: true
        )
    }
}
