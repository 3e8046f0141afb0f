import Foundation
import Testing
import TestSupport

/// End-to-end: how the real `asrctl serve` process ends.
@Suite(.runsProcesses) struct RuntimeLifecycleTests {
    /// What open dictation with the en-us model hears in the librivox sentences. Whole-utterance
    /// decoding is deterministic, so these are exact; they differ from the book text
    /// (`librivox/transcription`) where the model mishears.
    static let librivoxHeard: [String: String] = [
        "sense_and_sensibility_01_austen_64kb-0870": "and mr john guess would have been at leisure to consider how much there might be prickly in his power to do for",
        "sense_and_sensibility_01_austen_64kb-0880": "he was not until this blows young man",
        "sense_and_sensibility_01_austen_64kb-0890": "homeless to be rather cold hearted and rather selfish is to the oldest those",
        "sense_and_sensibility_01_austen_64kb-0920": "had he married a more amiable woman he might have been made still more respectable many watts",
        "sense_and_sensibility_01_austen_64kb-0930": "he might even have been made the amiable himself",
    ]

    /// SIGTERM while 8 long recognitions are admitted (one decoding, seven queued for the only
    /// decoder): each of the 8 is answered 200 with its text; work sent after SIGTERM is refused
    /// (503 or connection refused); the process exits 0.
    @Test func sigtermDuringLoadAnswersEveryAdmittedRequestThenExitsZero() throws {
        let runtime = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1", "ASR_CACHE_SIZE_MB": "0"])
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
        let load = ConcurrentWork(count: jobs.count) { index -> Result<HTTPResponse, HTTPClientError> in
            HTTPClient.outcome { try HTTPClient(port: port).recognize(pcm: pcms[index]) }
        }

        // Wait until all 8 are admitted and at least one waits for the decoder, then SIGTERM.
        var admitted = false, queuedAtSignal = 0
        try Poll.until(timeout: 30, interval: 0.02) {
            let stats = try runtime.client.get("/asr/stats").json()
            let open = (stats["service"] as? [String: Any])?["current_concurrent"] as? Int ?? 0
            queuedAtSignal = (stats["queues"] as? [String: Any])?["medium"] as? Int ?? 0
            admitted = open == jobs.count && queuedAtSignal >= 1
            return admitted
        }
        try #require(admitted, "the 8 recognitions were never all admitted")
        runtime.terminate()

        // From the moment the runtime acts on SIGTERM, new work is refused: 503 with
        // Retry-After while the listener is still open, connection refused once it closed.
        let late = HTTPClient(port: port, timeout: 30)
        let goForward = try SpeechFixtures.goForwardPCM()
        var refusals: [String] = []
        let noticed = Poll.until(timeout: 20, interval: 0.02) {
            switch HTTPClient.outcome({ try late.get("/health") }) {
            case .success(let response): return response.status == 503
            case .failure(let error): return error == .connectionRefused
            }
        }
        #expect(noticed, "the runtime never acted on SIGTERM")
        for _ in 0..<3 {
            switch HTTPClient.outcome({ try late.recognize(pcm: goForward) }) {
            case .success(let response):
                #expect(response.status == 503, "work sent after SIGTERM was taken: \(response.status) \(response.text)")
                #expect(response.header("Retry-After") != nil)
                #expect((try? response.json())?["code"] as? String == "shutting_down")
                refusals.append("503")
            case .failure(let error):
                #expect(error == .connectionRefused, "\(error)")
                refusals.append("refused")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        print("after SIGTERM (\(queuedAtSignal) waiting for the decoder at the signal), new requests got: \(refusals)")

        let results = try #require(load.wait(timeout: 90), "an admitted request was never answered")
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
}
