import Foundation
import Synchronization
import Testing
@testable import ASRRuntime

/// Scheduling rules with a controllable worker thread standing in for a decoder, so the tests
/// can hold work "in the decoder" and observe the queue deterministically.
@Suite struct SchedulerTests {
    /// A dedicated thread that takes batches and finishes each job when `release()` is called.
    final class GatedWorker: @unchecked Sendable {
        let scheduler: RecognitionScheduler
        let gate = DispatchSemaphore(value: 0)
        let order = Mutex<[String]>([])
        let batches = Mutex<[Int]>([])

        init(_ scheduler: RecognitionScheduler) {
            self.scheduler = scheduler
            let thread = Thread { [self] in
                while let batch = scheduler.nextBatch() {
                    batches.withLock { $0.append(batch.count) }
                    for job in batch {
                        gate.wait()
                        let text = String(job.samples.first ?? 0)
                        order.withLock { $0.append(text) }
                        scheduler.finish(job, with: .success(DecodeResult(text: text, confidence: 1, decodeSeconds: 0.01)))
                    }
                }
            }
            thread.start()
        }

        func release(_ count: Int = 1) { for _ in 0..<count { gate.signal() } }
    }

    static func key(_ n: Int16) -> CacheKey { CacheKey(engineID: "test", language: "en", samples: [n]) }

    static func waitUntil(_ condition: () -> Bool) async {
        for _ in 0..<500 where !condition() { try? await Task.sleep(for: .milliseconds(5)) }
    }

    @Test func queueFullRejectsAtOnceWithRetryAfter() async throws {
        let scheduler = RecognitionScheduler(maxConcurrent: 20, queueSize: 2, batchSize: 1, workers: 1)
        let worker = GatedWorker(scheduler)
        let tasks = (1...3).map { n in
            Task { try await scheduler.decode(key: Self.key(Int16(n)), samples: [Int16(n)], priority: .medium) }
        }
        // One job held by the worker, two waiting: the queue is full.
        await Self.waitUntil { scheduler.snapshot.queued.values.reduce(0, +) == 2 && scheduler.snapshot.decoding == 1 }
        let start = ContinuousClock.now
        await #expect(throws: SchedulerRejection.self) {
            try await scheduler.decode(key: Self.key(4), samples: [4], priority: .high)
        }
        #expect(ContinuousClock.now - start < .milliseconds(100))
        do {
            _ = try await scheduler.decode(key: Self.key(5), samples: [5], priority: .high)
        } catch let rejection as SchedulerRejection {
            #expect(rejection.reason == .queueFull)
            #expect(rejection.retryAfterSeconds >= 1)
            #expect(rejection.message.contains("ASR_QUEUE_SIZE=2"))
        }
        worker.release(3)
        for task in tasks { _ = try await task.value }
        scheduler.beginDraining()
    }

    @Test func waitingWorkIsServedByPriority() async throws {
        let scheduler = RecognitionScheduler(maxConcurrent: 20, queueSize: 10, batchSize: 1, workers: 1)
        let worker = GatedWorker(scheduler)
        let first = Task { try await scheduler.decode(key: Self.key(0), samples: [0], priority: .low) }
        await Self.waitUntil { scheduler.snapshot.decoding == 1 }
        var tasks: [Task<(DecodeResult, shared: Bool), any Error>] = []
        for (n, priority) in [(3, RecognitionPriority.low), (2, .medium), (1, .high), (4, .low)] {
            tasks.append(Task { try await scheduler.decode(key: Self.key(Int16(n)), samples: [Int16(n)], priority: priority) })
            await Self.waitUntil { scheduler.snapshot.queued.values.reduce(0, +) == tasks.count }
        }
        worker.release(5)
        _ = try await first.value
        for task in tasks { _ = try await task.value }
        #expect(worker.order.withLock { $0 } == ["0", "1", "2", "3", "4"])
        scheduler.beginDraining()
    }

    @Test func identicalAudioIsDecodedOnce() async throws {
        let scheduler = RecognitionScheduler(maxConcurrent: 20, queueSize: 10, batchSize: 1, workers: 1)
        let worker = GatedWorker(scheduler)
        let tasks = (0..<5).map { _ in Task { try await scheduler.decode(key: Self.key(7), samples: [7], priority: .medium) } }
        await Self.waitUntil { scheduler.snapshot.decoding + scheduler.snapshot.queued.values.reduce(0, +) == 1 }
        try await Task.sleep(for: .milliseconds(50))
        worker.release(1)
        var shared = 0
        for task in tasks {
            let (result, wasShared) = try await task.value
            #expect(result.text == "7")
            if wasShared { shared += 1 }
        }
        #expect(shared == 4)
        #expect(worker.order.withLock { $0 } == ["7"])
        scheduler.beginDraining()
    }

    @Test func batchSizeBoundsJobsPerDispatch() async throws {
        let scheduler = RecognitionScheduler(maxConcurrent: 50, queueSize: 50, batchSize: 3, workers: 1)
        let worker = GatedWorker(scheduler)
        let blocker = Task { try await scheduler.decode(key: Self.key(100), samples: [100], priority: .high) }
        await Self.waitUntil { scheduler.snapshot.decoding == 1 }
        let tasks = (1...7).map { n in Task { try await scheduler.decode(key: Self.key(Int16(n)), samples: [Int16(n)], priority: .medium) } }
        await Self.waitUntil { scheduler.snapshot.queued.values.reduce(0, +) == 7 }
        worker.release(8)
        _ = try await blocker.value
        for task in tasks { _ = try await task.value }
        #expect(worker.batches.withLock { $0 } == [1, 3, 3, 1])
        scheduler.beginDraining()
    }

    @Test func slotsBeyondMaxConcurrentWaitAndCountAsQueued() async throws {
        let scheduler = RecognitionScheduler(maxConcurrent: 1, queueSize: 1, batchSize: 1, workers: 1)
        try await scheduler.acquireSlot(priority: .medium)
        let waiter = Task { try await scheduler.acquireSlot(priority: .medium) }
        await Self.waitUntil { scheduler.snapshot.waiting(.medium) == 1 }
        // One waiting already fills ASR_QUEUE_SIZE=1: the next is refused.
        await #expect(throws: SchedulerRejection.self) { try await scheduler.acquireSlot(priority: .high) }
        scheduler.releaseSlot()
        try await waiter.value
        #expect(scheduler.snapshot.open == 1)
        #expect(!scheduler.tryAcquireSlot())
        scheduler.releaseSlot()
        #expect(scheduler.tryAcquireSlot())
    }

    @Test func drainingRefusesNewWork() async {
        let scheduler = RecognitionScheduler(maxConcurrent: 2, queueSize: 2, batchSize: 1, workers: 1)
        scheduler.beginDraining()
        await #expect(throws: SchedulerRejection.self) { try await scheduler.acquireSlot(priority: .medium) }
        #expect(scheduler.nextBatch() == nil)
    }
}
