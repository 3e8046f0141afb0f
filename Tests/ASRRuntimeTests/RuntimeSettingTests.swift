import ASRContracts
import ASRRuntime
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// One test per runtime setting, each showing its effect on the real runtime. Where a decoder must be
/// held busy, a job that waits on a semaphore occupies it, so the tests do not depend on timing.
@Suite(.serialized) struct RuntimeSettingTests {
    typealias H = RuntimeHarness

    static let utterances = [
        "cards/001.wav", "cards/002.wav", "cards/003.wav", "cards/004.wav", "cards/005.wav",
        "librivox/sense_and_sensibility_01_austen_64kb-0880.wav",
    ]

    static func post(_ client: some TestClientProtocol, _ file: String, priority: Int? = nil) async throws -> TestResponse {
        let wav = try H.bytes(file)
        let uri = priority.map { "/asr/recognize?priority=\($0)" } ?? "/asr/recognize"
        return try await client.execute(uri: uri, method: .post, headers: H.wav, body: ByteBuffer(data: wav))
    }

    static func waitUntil(_ condition: () -> Bool) async {
        for _ in 0..<2000 where !condition() { try? await Task.sleep(for: .milliseconds(5)) }
    }

    @Test func queueSizeRefusesTheSurplusAtOnceWith503() async throws {
        // ASR_QUEUE_SIZE=2 with one (held) decoder: two requests wait, the third gets 503 at once.
        try await H.with(["ASR_QUEUE_SIZE": "2"]) { services, client in
            let hold = await DecoderHold(services)
            async let a = Self.post(client, Self.utterances[0])
            async let b = Self.post(client, Self.utterances[1])
            await Self.waitUntil { services.scheduler.count == 2 }
            let third = try await Self.post(client, Self.utterances[2])
            #expect(third.status == .serviceUnavailable)
            #expect(Int(third.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(try H.decode(ErrorResponse.self, third).code == "queue_full")
            await hold.release()
            #expect(try await a.status == .ok)
            #expect(try await b.status == .ok)
            #expect(services.recognition.statistics.snapshot.rejected[.queueFull] == 1)
        }
    }

    @Test func maxConcurrentMakesTheNextRequestWaitForASlot() async throws {
        // One slot; the queue holds the first request's job and the second request waiting for
        // the slot (both are waiting utterances), so the third is refused.
        try await H.with(["ASR_MAX_CONCURRENT": "1", "ASR_QUEUE_SIZE": "2"]) { services, client in
            let hold = await DecoderHold(services)
            async let first = Self.post(client, Self.utterances[0])  // holds the only slot
            await Self.waitUntil { services.scheduler.snapshot.open == 1 && services.scheduler.count == 1 }
            async let second = Self.post(client, Self.utterances[1])  // waits for the slot
            await Self.waitUntil { services.scheduler.snapshot.waitingForSlot.values.reduce(0, +) == 1 }
            // The queue (jobs + slot waiters) is full now: the third is refused.
            let third = try await Self.post(client, Self.utterances[2])
            #expect(third.status == .serviceUnavailable)
            await hold.release()
            #expect(try await first.status == .ok)
            #expect(try await second.status == .ok)
            #expect(services.scheduler.snapshot.open == 0)
        }
    }

    @Test func highPriorityOvertakesWaitingLowPriority() async throws {
        try await H.with(["ASR_QUEUE_SIZE": "10"]) { services, client in
            let hold = await DecoderHold(services)
            let order = Recorder()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, file) in Self.utterances.prefix(2).enumerated() {
                    group.addTask {
                        _ = try await Self.post(client, file, priority: 3)
                        order.append("low\(index)")
                    }
                    await Self.waitUntil { services.scheduler.count == index + 1 }
                }
                group.addTask {
                    _ = try await Self.post(client, Self.utterances[2], priority: 1)
                    order.append("high")
                }
                await Self.waitUntil { services.scheduler.count == 3 }
                #expect(services.scheduler.snapshot.queued[.high] == 1)
                await hold.release()
                try await group.waitForAll()
            }
            #expect(order.items.first == "high")
        }
    }

    @Test func batchSizeSetsJobsPerDispatch() async throws {
        for batch in [1, 4] {
            try await H.with(["ASR_BATCH_SIZE": String(batch), "ASR_QUEUE_SIZE": "10"]) { services, client in
                let hold = await DecoderHold(services)
                try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for file in Self.utterances.prefix(4) { group.addTask { try await Self.post(client, file).status } }
                    await Self.waitUntil { services.scheduler.count == 4 }
                    let before = services.scheduler.snapshot.dispatches
                    await hold.release()
                    for try await status in group { #expect(status == .ok) }
                    let dispatches = services.scheduler.snapshot.dispatches - before
                    // Four waiting jobs: one dispatch with a batch of 4, four with a batch of 1.
                    #expect(dispatches == (batch == 4 ? 1 : 4))
                }
            }
        }
    }

    @Test func identicalAudioInFlightIsDecodedOnce() async throws {
        try await H.with { services, client in
            let hold = await DecoderHold(services)
            try await withThrowingTaskGroup(of: RecognizeResponse.self) { group in
                for _ in 0..<4 {
                    group.addTask { try H.decode(RecognizeResponse.self, try await Self.post(client, "cards/001.wav")) }
                }
                await Self.waitUntil { services.scheduler.snapshot.open == 4 }
                await hold.release()
                for try await response in group { #expect(response.text == "ten of clubs") }
            }
            let stats = services.recognition.statistics.snapshot
            #expect(stats.decodes == 1)
            #expect(stats.deduplicated == 3)
        }
    }

    @Test func cacheSizeZeroTurnsL1Off() async throws {
        for (size, expectCached) in [("0", false), ("16", true)] {
            try await H.with(["ASR_CACHE_SIZE_MB": size]) { services, client in
                _ = try await Self.post(client, "cards/001.wav")
                let again = try H.decode(RecognizeResponse.self, try await Self.post(client, "cards/001.wav"))
                #expect(again.cached == expectCached)
                #expect(services.recognition.statistics.snapshot.decodes == (expectCached ? 1 : 2))
                #expect(services.recognition.cache.snapshot.budgetBytes == Int(size)! << 20)
            }
        }
    }

    @Test func memoryCapBelowCurrentRSSShedsWith503() async throws {
        // One loaded decoder alone is ~120 MB; a critical threshold of 100 MB is already passed.
        let settings = ["ASR_MAX_MEMORY_MB": "256", "ASR_MEMORY_WARNING_MB": "64", "ASR_MEMORY_CRITICAL_MB": "100"]
        try await H.with(settings) { services, client in
            let response = try await Self.post(client, "cards/001.wav")
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] != nil)
            #expect(try H.decode(ErrorResponse.self, response).code == "memory_critical")
            try await client.execute(uri: "/health", method: .get) { health in
                #expect(health.status == .serviceUnavailable)
                let report = try H.decode(HealthResponse.self, health)
                #expect(report.status == "overloaded")
            }
            #expect(services.recognition.statistics.snapshot.decodes == 0)
            #expect(services.memoryGuard.snapshot.shedRequests >= 1)
        }
    }

    @Test func memoryPoolReusesAudioBuffers() async throws {
        for enabled in [true, false] {
            try await H.with(["ASR_ENABLE_MEMORY_POOL": String(enabled), "ASR_MEMORY_POOL_BUFFER_KB": "128"]) { services, client in
                for file in Self.utterances.prefix(5) { _ = try await Self.post(client, file) }
                let pool = services.recognition.pool.snapshot
                if enabled {
                    #expect(pool.reused == 5)
                    #expect(pool.allocated == 0)
                } else {
                    #expect(pool.reused == 0)
                    #expect(pool.allocated == 5)
                    #expect(pool.pooled == 0)
                }
            }
        }
    }

    @Test func aggressiveGCRunsEveryInterval() async throws {
        for enabled in [true, false] {
            try await H.with(["ASR_ENABLE_AGGRESSIVE_GC": String(enabled), "ASR_GC_INTERVAL": "1"]) { services, client in
                _ = try await Self.post(client, "cards/001.wav")
                let maintenance = Task { await services.runMaintenance() }
                if enabled {
                    await Self.waitUntil { services.maintenance.gcPasses >= 1 }
                    #expect(services.maintenance.gcPasses >= 1)
                    #expect(services.recognition.pool.snapshot.pooled <= services.recognition.pool.capacity / 2)
                } else {
                    try await Task.sleep(for: .milliseconds(1600))
                    #expect(services.maintenance.gcPasses == 0)
                }
                maintenance.cancel()
                await maintenance.value
            }
        }
    }

    @Test func searchLevelSetsTheSearchOfRequestsAndStreams() async throws {
        try await H.with(["ASR_SEARCH_LEVEL": "fast"]) { services, client in
            let answer = try H.decode(RecognizeResponse.self, try await Self.post(client, "cards/001.wav"))
            #expect(answer.engine == "pocketsphinx-en-us+fast", "cached under the fast search's own id")
            #expect(answer.text == "ten of clubs")
            #expect(services.engine.configuration.extraArguments == SearchLevel.fast.pocketSphinxArguments)
            // Streams search the same way, with their own -fwdflat no.
            let stream = services.streams.pool.configuration
            #expect(stream.extraArguments == services.engine.configuration.setting("-fwdflat", to: "no").extraArguments)
            #expect(stream.extraArguments.filter { $0 == "-fwdflat" }.count == 1)
        }
    }

    @Test func workerThreadsSetTheDecoderCount() async throws {
        try await H.with(["ASR_WORKER_THREADS": "2"]) { services, client in
            #expect(services.engine.workers.count == 2)
            try await client.execute(uri: "/health", method: .get) { response in
                let report = try H.decode(HealthResponse.self, response)
                #expect(report.workersReady == 2)
            }
            // Both decoders can be held at once: two jobs decode in parallel.
            let first = await DecoderHold(services)
            let gate = DispatchSemaphore(value: 0)
            defer { gate.signal() }  // never leave a decoder held if an expectation throws
            let second = Task { try await services.engine.perform { _ in gate.wait() } }
            await Self.waitUntil { services.engine.busyWorkers == 2 }
            #expect(services.engine.busyWorkers == 2)
            gate.signal()
            _ = try await second.value
            await first.release()
        }
    }
}
