import Foundation
import TestSupport
import Testing

/// End-to-end: how the real `asrctl serve` process ends.
@Suite(.runsProcesses) struct RuntimeLifecycleTests {
    /// What open dictation with the en-us model hears in the librivox sentences with its own
    /// search (`ASR_SEARCH_LEVEL=accurate`). Whole-utterance decoding is deterministic, so these are exact; they differ from the book text
    /// (`librivox/transcription`) where the model mishears.
    static let librivoxHeard: [String: String] = [
        "sense_and_sensibility_01_austen_64kb-0870":
            "and mr john guess would have been at leisure to consider how much there might be prickly in his power to do for",
        "sense_and_sensibility_01_austen_64kb-0880": "he was not until this blows young man",
        "sense_and_sensibility_01_austen_64kb-0890": "homeless to be rather cold hearted and rather selfish is to the oldest those",
        "sense_and_sensibility_01_austen_64kb-0920": "had he married a more amiable woman he might have been made still more respectable many watts",
        "sense_and_sensibility_01_austen_64kb-0930": "he might even have been made the amiable himself",
    ]

    /// SIGTERM while 8 long recognitions are admitted (one decoding, seven queued for the only
    /// decoder): each of the 8 is answered 200 with its text; work sent after SIGTERM is answered
    /// 503 `shutting_down` with Retry-After (the listener stays open while the 8 finish); the
    /// process exits 0.
    @Test func sigtermDuringLoadAnswersEveryAdmittedRequestThenExitsZero() throws {
        let runtime = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1", "ASR_CACHE_SIZE_MB": "0", "ASR_SEARCH_LEVEL": "accurate"])
        defer { runtime.kill() }
        let port = runtime.port

        // 8 distinct utterances of 3–7 s (~1 s of decoding each): the five sentences, and
        // three of them with one sample nudged (new cache keys, so no decode is shared).
        let sentences = try SpeechFixtures.librivoxPCM()
        var jobs = sentences.map { (pcm: $0.pcm, text: Self.librivoxHeard[$0.id]!) }
        for index in [1, 4, 3] {
            jobs.append((SpeechFixtures.variant(sentences[index].pcm, 1), Self.librivoxHeard[sentences[index].id]!))
        }
        #expect(jobs.count == 8)
        let pcms = jobs.map(\.pcm)
        // One decoder answers the 8 one after another: allow three times what decoding them all
        // takes at the speed measured now (the machine's speed varies ×3.5 from day to day).
        let speed = try EngineSpeed.measure(runtime)
        let answerTimeout = max(60, 3 * speed.seconds(toDecode: Double(pcms.reduce(0) { $0 + $1.count }) / 32_000))
        let load = ConcurrentWork(count: jobs.count) { index -> Result<HTTPResponse, HTTPClientError> in
            HTTPClient.outcome { try HTTPClient(port: port, timeout: answerTimeout).recognize(pcm: pcms[index]) }
        }

        // Wait until all 8 are admitted and at least one waits for the decoder, then SIGTERM.
        var admitted = false
        var queuedAtSignal = 0
        try Poll.until(timeout: 30, interval: 0.02) {
            let stats = try runtime.client.get("/asr/stats").json()
            let open = (stats["service"] as? [String: Any])?["current_concurrent"] as? Int ?? 0
            queuedAtSignal = (stats["queues"] as? [String: Any])?["medium"] as? Int ?? 0
            admitted = open == jobs.count && queuedAtSignal >= 1
            return admitted
        }
        try #require(admitted, "the 8 recognitions were never all admitted")
        runtime.terminate()

        // From the moment the runtime acts on SIGTERM until the 8 are answered (7 decodes of
        // 3–7 s of speech: seconds), the listener stays open and refuses new work with 503,
        // Retry-After and `shutting_down`. (It used to close at once: a connection accepted in
        // that instant then hung, unanswered, until the process exited — 23 s in CI.)
        let late = HTTPClient(port: port, timeout: 30)
        let goForward = try SpeechFixtures.goForwardPCM()
        let signalled = Date()
        var seen: [(at: Double, answer: String)] = []
        let noticed = Poll.until(timeout: 20, interval: 0.02) {
            let outcome = HTTPClient.outcome({ try late.get("/health") })
            let at = Date().timeIntervalSince(signalled)
            switch outcome {
            case .success(let response):
                seen.append((at, "\(response.status) \((try? response.json())?["status"] as? String ?? "")"))
                return response.status == 503
            case .failure(let error):
                seen.append((at, "\(error)"))
                return false
            }
        }
        print("/health after SIGTERM: \(Self.summary(of: seen))")
        #expect(noticed, "/health never said 503 after SIGTERM: \(Self.summary(of: seen))")
        #expect(seen.last?.answer == "503 shutting_down", "\(seen.last?.answer ?? "no answer")")
        for _ in 0..<3 {
            switch HTTPClient.outcome({ try late.recognize(pcm: goForward) }) {
            case .success(let response):
                #expect(response.status == 503, "work sent after SIGTERM was taken: \(response.status) \(response.text)")
                #expect(response.header("Retry-After") != nil)
                #expect((try? response.json())?["code"] as? String == "shutting_down")
            case .failure(let error):
                Issue.record("work sent while the runtime drained got no answer: \(error)")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        print("after SIGTERM \(queuedAtSignal) recognitions waited for the decoder")

        let results = try #require(load.wait(timeout: answerTimeout + 30), "an admitted request was never answered")
        for (index, result) in results.enumerated() {
            switch result {
            case .success(let response):
                #expect(response.status == 200, "admitted request \(index): \(response.status) \(response.text)")
                #expect((try? response.json())?["text"] as? String == jobs[index].text, "request \(index)")
            case .failure(let error):
                Issue.record("admitted request \(index) got no answer: \(error)")
            }
        }
        let termination = runtime.waitForExit(timeout: 30)
        #expect(termination == .exitedZero, "log:\n\(runtime.log)")
    }

    /// Runs of equal answers folded: "0.02 s: 200 healthy … 0.40 s (×19); 0.42 s: 503 shutting_down".
    static func summary(of seen: [(at: Double, answer: String)]) -> String {
        var runs: [(first: Double, last: Double, answer: String, count: Int)] = []
        for (at, answer) in seen {
            if let run = runs.last, run.answer == answer {
                runs[runs.count - 1] = (run.first, at, answer, run.count + 1)
            } else {
                runs.append((at, at, answer, 1))
            }
        }
        return runs.map { run in
            let first = String(format: "%.2f s: ", run.first) + run.answer
            return run.count == 1 ? first : first + String(format: " … %.2f s (×%d)", run.last, run.count)
        }.joined(separator: "; ")
    }
}
