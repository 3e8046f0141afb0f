import ASRRuntime
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The decoder threads: concurrency, determinism, thread ownership, lifecycle.
@Suite struct EngineTests {
    /// Several files recognised at once by two decoder threads give exactly what one thread
    /// gives one file at a time (whole-utterance decoding is deterministic).
    @Test func twoWorkersMatchOneWorker() async throws {
        let single = try await SharedEngines.dictation()
        let pair = try await SharedEngines.dictationPair()
        let librivox = try TestCorpus.librivox().filter { $0.id.hasSuffix("0880") || $0.id.hasSuffix("0930") }
        let audio = [try TestCorpus.goForward()] + (try TestCorpus.cards() + librivox).map(\.audio)

        var expected: [Transcription] = []
        for clip in audio {
            expected.append(try await single.recognize(clip, priority: .medium))
        }
        let concurrent = try await withThrowingTaskGroup(of: (Int, Transcription).self) { group in
            for (index, clip) in audio.enumerated() {
                group.addTask { (index, try await pair.recognize(clip, priority: .medium)) }
            }
            var results = [Transcription?](repeating: nil, count: audio.count)
            for try await (index, result) in group { results[index] = result }
            return results.compactMap { $0 }
        }
        try #require(concurrent.count == audio.count)
        for (one, two) in zip(expected, concurrent) {
            #expect(one.text == two.text)
            #expect(one.confidence == two.confidence)
            #expect(one.audioSeconds == two.audioSeconds)
        }
        #expect(expected[0].text == "go forward ten meters")
    }

    /// What a job saw of the thread it ran on.
    private struct ThreadSighting: Sendable {
        var foundationName: String?
        var kernelName: String
        var isCallersThread: Bool
        var busyWorkers: Int
    }

    /// Jobs run on the engine's own named threads — never the caller's — and both threads work.
    @Test func jobsRunOnTheEnginesNamedThreads() async throws {
        let engine = try await SharedEngines.dictationPair()
        let caller = pthread_self()
        let seen = try await withThrowingTaskGroup(of: ThreadSighting.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await engine.perform { _ in
                        usleep(30_000)
                        let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
                        return ThreadSighting(
                            foundationName: Thread.current.name,
                            kernelName: comm.trimmingCharacters(in: .newlines),
                            isCallersThread: pthread_equal(pthread_self(), caller) != 0,
                            busyWorkers: engine.busyWorkers
                        )
                    }
                }
            }
            return try await group.reduce(into: [ThreadSighting]()) { $0.append($1) }
        }
        let names = engine.workers.threadNames
        #expect(names == ["asr-decoder-0", "asr-decoder-1"])
        #expect(seen.allSatisfy { $0.foundationName.map(names.contains) ?? false }, "\(seen.map(\.foundationName))")
        #expect(seen.allSatisfy { names.contains($0.kernelName) }, "the OS thread is named too (top -H): \(seen.map(\.kernelName))")
        #expect(Set(seen.map(\.kernelName)).count == 2, "both decoder threads took jobs")
        #expect(seen.allSatisfy { !$0.isCallersThread }, "never the caller's thread")
        #expect(seen.allSatisfy { $0.busyWorkers >= 1 }, "the running job's worker counts as busy")
    }

    @Test func shutdownFinishesQueuedJobsThenStops() async throws {
        let engine = PocketSphinxEngine(configuration: .englishUS.withGrammar(TestCorpus.cardsGrammar), workerCount: 1)
        try await engine.start()
        #expect(engine.isReady)
        #expect(engine.workers.loadedCount == 1)
        let cards = try TestCorpus.cards()

        // Hold the only worker so the recognitions queue up behind it.
        let release = DispatchSemaphore(value: 0)
        let blocker = Task { try await engine.perform { _ in release.wait() } }
        try await waitUntil { engine.busyWorkers == 1 }
        let pending = cards.map { card in Task { try await engine.recognize(card.audio, priority: .low) } }
        try await waitUntil { engine.queuedJobs == cards.count }

        let stopping = Task { await engine.shutdown() }
        try await waitUntil { !engine.isReady }
        await #expect(throws: SpeechEngineError.shutDown) {
            try await engine.recognize(cards[0].audio, priority: .high)
        }
        release.signal()
        try await blocker.value
        for (card, task) in zip(cards, pending) {
            #expect(try await task.value.text == card.reference)
        }
        await stopping.value
        #expect(engine.workers.runningCount == 0)
        #expect(engine.queuedJobs == 0)
    }

    @Test func cancellingAQueuedRecognitionThrowsCancellationError() async throws {
        let engine = PocketSphinxEngine(configuration: .englishUS.withGrammar(TestCorpus.cardsGrammar), workerCount: 1)
        try await engine.start()
        let card = try #require(try TestCorpus.cards().first)
        let release = DispatchSemaphore(value: 0)
        let blocker = Task { try await engine.perform { _ in release.wait() } }
        try await waitUntil { engine.busyWorkers == 1 }
        let queued = Task { try await engine.recognize(card.audio, priority: .medium) }
        try await waitUntil { engine.queuedJobs == 1 }
        queued.cancel()
        await #expect(throws: CancellationError.self) { try await queued.value }
        release.signal()
        try await blocker.value
        #expect(try await engine.recognize(card.audio, priority: .medium).text == card.reference)
        await engine.shutdown()
    }

    @Test func startIsSharedByConcurrentCallers() async throws {
        let engine = PocketSphinxEngine(configuration: .englishUS.withGrammar(TestCorpus.cardsGrammar), workerCount: 2)
        async let first: Void = engine.start()
        async let second: Void = engine.start()
        _ = try await (first, second)
        try await engine.start()
        #expect(engine.workers.loadedCount == 2)
        #expect(engine.workers.loadSeconds.count == 2)
        #expect(engine.isReady)
        await engine.shutdown()
        #expect(!engine.isReady)
        #expect(engine.workers.runningCount == 0)
    }

    @Test func recognizeBeforeStartIsRefused() async throws {
        let engine = PocketSphinxEngine(configuration: .englishUS, workerCount: 1)
        #expect(!engine.isReady)
        await #expect(throws: SpeechEngineError.notStarted) {
            try await engine.recognize(PCMAudio(samples: [0, 0]), priority: .medium)
        }
        await engine.shutdown()
    }

    @Test func startFailsWhenTheModelIsMissing() async throws {
        var configuration = PocketSphinxConfiguration.englishUS
        configuration.acousticModel = "/nonexistent/en-us"
        let engine = PocketSphinxEngine(configuration: configuration, workerCount: 2)
        await #expect(throws: SpeechEngineError.modelFileMissing(role: "acoustic model", path: "/nonexistent/en-us")) {
            try await engine.start()
        }
        #expect(!engine.isReady)
        #expect(engine.workers.runningCount == 0)
        await #expect(throws: SpeechEngineError.shutDown) {
            try await engine.recognize(PCMAudio(samples: [0, 0]), priority: .medium)
        }
    }

    @Test func runtimeConfigurationSetsWorkerCountAndModel() {
        let engine = PocketSphinxEngine(runtime: .defaults)
        #expect(engine.id == "pocketsphinx-en-us+balanced", "the default search level's engine id")
        #expect(engine.workers.count == 4)
    }

    /// Polls `condition` every 5 ms for up to 10 s.
    private func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            try #require(ContinuousClock.now < deadline, "condition not met within 10 s")
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
