import Foundation
import Synchronization
import Testing

@testable import ASRRuntime

/// Scheduling rules, observed by a test thread standing in for a decoder thread: it takes
/// batches with `next(maxBatch:)` and completes each job without running PocketSphinx, so the
/// queue can be held and inspected deterministically. Recognition itself is tested elsewhere.
@Suite struct SchedulerTests {
    struct Done: Error {}

    /// Submits a job tagged `tag` the way the engine does and waits for it to complete;
    /// the task's value is the error `submit` refused it with, if any.
    /// - Parameters:
    ///   - samples: the job's audio length (its first sample is the tag).
    ///   - stream: a device stream's job; nil for an HTTP request.
    static func submit(
        _ scheduler: RecognitionScheduler,
        _ tag: Int16,
        _ priority: RecognitionPriority,
        samples: Int = 1,
        stream: StreamJobOrder? = nil
    ) -> Task<SpeechEngineError?, Never> {
        Task {
            do {
                _ = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int16, any Error>) in
                    var audio = [Int16](repeating: 0, count: samples)
                    audio[0] = tag
                    let job = DecoderJob(priority: priority, audio: PCMAudio(samples: audio), stream: stream, continuation: continuation) { _ in tag }
                    do { try scheduler.submit(job) } catch { job.fail(error) }
                }
                return nil
            } catch let error as SpeechEngineError {
                return error
            } catch {
                return nil
            }
        }
    }

    static func waitUntil(_ condition: () -> Bool) async {
        for _ in 0..<1000 where !condition() { try? await Task.sleep(for: .milliseconds(5)) }
    }

    /// Takes one batch the way a decoder thread does and completes it; returns the tags.
    static func dispatch(_ scheduler: RecognitionScheduler, maxBatch: Int) -> [Int16] {
        let batch = scheduler.next(maxBatch: maxBatch)
        for job in batch { job.fail(Done()) }
        return batch.map { $0.audio?.samples.first ?? -1 }
    }

    @Test func queueFullIsRefusedAtOnceWithRetryAfter() async throws {
        let scheduler = RecognitionScheduler(maxConcurrent: 20, queueSize: 2, batchSize: 1, workers: 1)
        let waiting = [Self.submit(scheduler, 1, .medium), Self.submit(scheduler, 2, .medium)]
        await Self.waitUntil { scheduler.count == 2 }
        // Refused without waiting for a decoder: nothing has been dispatched yet.
        let refused = await Self.submit(scheduler, 3, .high).value
        #expect(refused == .queueFull(waiting: 2, limit: 2, retryAfterSeconds: 2))
        #expect(scheduler.snapshot.dispatches == 0)
        #expect(Self.dispatch(scheduler, maxBatch: 1) == [1])
        #expect(Self.dispatch(scheduler, maxBatch: 1) == [2])
        for task in waiting { #expect(await task.value == nil) }
    }

    @Test func waitingWorkIsServedByPriorityThenArrival() async throws {
        let scheduler = RecognitionScheduler(maxConcurrent: 20, queueSize: 10, batchSize: 1, workers: 1)
        var tasks: [Task<SpeechEngineError?, Never>] = []
        for (tag, priority) in [(5, RecognitionPriority.low), (3, .medium), (1, .high), (6, .low), (2, .high), (4, .medium)] {
            tasks.append(Self.submit(scheduler, Int16(tag), priority))
            await Self.waitUntil { scheduler.count == tasks.count }
        }
        #expect(scheduler.snapshot.queued == [.high: 2, .medium: 2, .low: 2])
        var order: [Int16] = []
        for _ in 0..<6 { order += Self.dispatch(scheduler, maxBatch: 1) }
        #expect(order == [1, 2, 3, 4, 5, 6])
        for task in tasks { #expect(await task.value == nil) }
    }

    /// Queues `jobs` one after another (so their arrival order is the list's) and returns the
    /// order one decoder thread takes them in, one per dispatch.
    static func order(
        of jobs: [(tag: Int16, priority: RecognitionPriority, samples: Int, stream: StreamJobOrder?)],
        patience: Duration = .seconds(600),
        before dispatching: () async -> Void = {}
    ) async -> [Int16] {
        let scheduler = RecognitionScheduler(maxConcurrent: 50, queueSize: 50, batchSize: 1, workers: 1, shortestFirstPatience: patience)
        var tasks: [Task<SpeechEngineError?, Never>] = []
        for job in jobs {
            tasks.append(Self.submit(scheduler, job.tag, job.priority, samples: job.samples, stream: job.stream))
            await Self.waitUntil { scheduler.count == tasks.count }
        }
        await dispatching()
        var order: [Int16] = []
        for _ in jobs { order += Self.dispatch(scheduler, maxBatch: 1) }
        for task in tasks { _ = await task.value }
        return order
    }

    /// A device's audio while its speaker talks, from a listening period that began at `started`.
    static func speaking(since started: ContinuousClock.Instant) -> StreamJobOrder {
        StreamJobOrder(speechStarted: started, oldestInput: .now, speechEnded: false)
    }

    /// Latency counts from the end of speech: requests (and a device's `listen stop`) go before
    /// audio of speakers still talking, by priority, the shortest first within one.
    @Test func finishedSpeechGoesFirstByPriorityThenShortestAudio() async throws {
        let talking = Self.speaking(since: .now)
        let stopped = StreamJobOrder(speechStarted: .now, oldestInput: .now, speechEnded: true)
        let order = await Self.order(of: [
            (1, .high, 100, talking),
            (2, .low, 10, nil),
            (3, .medium, 50_000, nil),
            (4, .medium, 8_000, nil),
            (5, .high, 30_000, stopped),
        ])
        #expect(order == [5, 4, 3, 2, 1])
    }

    /// Shortest first must not starve a long request: once it has waited
    /// `shortestFirstPatience`, it goes before shorter ones that came later.
    @Test func aLongRequestWaitsNoLongerThanThePatienceForShorterOnes() async throws {
        let jobs: [(tag: Int16, priority: RecognitionPriority, samples: Int, stream: StreamJobOrder?)] = [
            (1, .medium, 80_000, nil), (2, .medium, 100, nil),
        ]
        let overdue = await Self.order(of: jobs, patience: .milliseconds(200)) { try? await Task.sleep(for: .milliseconds(300)) }
        #expect(overdue == [1, 2], "both overdue: oldest first")
        let fresh = await Self.order(of: jobs)
        #expect(fresh == [2, 1])
    }

    /// A burst of devices speaking together: the one that started first is decoded first, so
    /// the first speakers are finished first instead of everyone late together.
    @Test func speakersStillTalkingAreServedInTheOrderTheyStarted() async throws {
        let now = ContinuousClock.now
        let order = await Self.order(of: [
            (3, .high, 100, Self.speaking(since: now + .milliseconds(20))),
            (1, .high, 900, Self.speaking(since: now)),
            (2, .high, 100, Self.speaking(since: now + .milliseconds(10))),
        ])
        #expect(order == [1, 2, 3])
    }

    /// A device whose job waits for a decoder says `listen stop`: the waiting job now finishes
    /// an utterance and moves ahead of the speakers still talking.
    @Test func listenStopMovesTheWaitingJobAhead() async throws {
        let now = ContinuousClock.now
        let late = Self.speaking(since: now + .seconds(1))
        let order = await Self.order(of: [(1, .high, 100, Self.speaking(since: now)), (2, .high, 100, late)]) {
            late.endSpeech()
        }
        #expect(order == [2, 1])
    }

    /// How far the decoders are behind real time for streams: the oldest waiting stream input.
    @Test func streamLagIsTheAgeOfTheOldestWaitingStreamInput() async throws {
        let scheduler = RecognitionScheduler(maxConcurrent: 50, queueSize: 50, batchSize: 1, workers: 1)
        #expect(scheduler.streamLagSeconds == 0)
        let http = Self.submit(scheduler, 1, .high)
        await Self.waitUntil { scheduler.count == 1 }
        #expect(scheduler.streamLagSeconds == 0, "a request is not a stream falling behind")
        let old = StreamJobOrder(speechStarted: .now - .seconds(5), oldestInput: .now - .seconds(3), speechEnded: false)
        let stream = Self.submit(scheduler, 2, .high, stream: old)
        await Self.waitUntil { scheduler.count == 2 }
        #expect(scheduler.streamLagSeconds >= 3)
        #expect(scheduler.streamLagSeconds < 60)
        #expect(Self.dispatch(scheduler, maxBatch: 2).count == 2)
        #expect(scheduler.streamLagSeconds == 0)
        _ = (await http.value, await stream.value)
    }

    @Test func batchSizeBoundsJobsPerDispatch() async throws {
        let scheduler = RecognitionScheduler(maxConcurrent: 50, queueSize: 50, batchSize: 3, workers: 1)
        let tasks = (1...7).map { Self.submit(scheduler, Int16($0), .medium) }
        await Self.waitUntil { scheduler.count == 7 }
        #expect(Self.dispatch(scheduler, maxBatch: 3).count == 3)
        #expect(Self.dispatch(scheduler, maxBatch: 3).count == 3)
        #expect(Self.dispatch(scheduler, maxBatch: 3).count == 1)
        #expect(scheduler.snapshot.dispatches == 3)
        for task in tasks { #expect(await task.value == nil) }
    }

    @Test func aBatchLeavesWorkForOtherIdleDecoders() async throws {
        let scheduler = RecognitionScheduler(maxConcurrent: 50, queueSize: 50, batchSize: 8, workers: 2)
        // A second decoder thread is idle, waiting for work.
        let other = Thread { _ = Self.dispatch(scheduler, maxBatch: 8) }
        other.start()
        try await Task.sleep(for: .milliseconds(100))  // let it block in next()
        let tasks = (1...4).map { Self.submit(scheduler, Int16($0), .medium) }
        await Self.waitUntil { scheduler.snapshot.dispatches == 1 }
        // The idle thread took its share (not all four), leaving the rest queued.
        #expect(scheduler.count < 4)
        while scheduler.count > 0 { _ = Self.dispatch(scheduler, maxBatch: 8) }
        for task in tasks { #expect(await task.value == nil) }
    }

    @Test func aBatchLeavesTheShareOfBusyDecoders() async throws {
        // Two decoder threads, neither waiting in next(): the one that asks takes half.
        let scheduler = RecognitionScheduler(maxConcurrent: 50, queueSize: 50, batchSize: 8, workers: 2)
        let tasks = (1...6).map { Self.submit(scheduler, Int16($0), .medium) }
        await Self.waitUntil { scheduler.count == 6 }
        #expect(Self.dispatch(scheduler, maxBatch: 8).count == 3)
        #expect(Self.dispatch(scheduler, maxBatch: 8).count == 2)
        while scheduler.count > 0 { _ = Self.dispatch(scheduler, maxBatch: 8) }
        for task in tasks { #expect(await task.value == nil) }
    }

    @Test func slotsBeyondMaxConcurrentWaitAndCountAsQueued() async throws {
        let scheduler = RecognitionScheduler(maxConcurrent: 1, queueSize: 1, batchSize: 1, workers: 1)
        try await scheduler.acquireSlot(priority: .medium)
        let waiter = Task { try await scheduler.acquireSlot(priority: .medium) }
        await Self.waitUntil { scheduler.snapshot.waiting(.medium) == 1 }
        // One waiting already fills ASR_QUEUE_SIZE=1: the next is refused at once.
        await #expect(throws: SpeechEngineError.self) { try await scheduler.acquireSlot(priority: .high) }
        scheduler.releaseSlot()
        try await waiter.value
        #expect(scheduler.snapshot.open == 1)
        #expect(!scheduler.tryAcquireSlot())
        scheduler.releaseSlot()
        #expect(scheduler.tryAcquireSlot())
    }

    @Test func highPriorityWaiterGetsTheNextSlot() async throws {
        let scheduler = RecognitionScheduler(maxConcurrent: 1, queueSize: 5, batchSize: 1, workers: 1)
        try await scheduler.acquireSlot(priority: .medium)
        let order = Recorder()
        let low = Task {
            try await scheduler.acquireSlot(priority: .low)
            order.append("low")
            scheduler.releaseSlot()
        }
        await Self.waitUntil { scheduler.snapshot.waiting(.low) == 1 }
        let high = Task {
            try await scheduler.acquireSlot(priority: .high)
            order.append("high")
            scheduler.releaseSlot()
        }
        await Self.waitUntil { scheduler.snapshot.waiting(.high) == 1 }
        scheduler.releaseSlot()
        try await high.value
        try await low.value
        #expect(order.items == ["high", "low"])
    }

    @Test func closingDrainsThenReleasesWorkers() async throws {
        let scheduler = RecognitionScheduler(maxConcurrent: 2, queueSize: 2, batchSize: 1, workers: 1)
        let task = Self.submit(scheduler, 9, .medium)
        await Self.waitUntil { scheduler.count == 1 }
        scheduler.close()
        await #expect(throws: SpeechEngineError.self) { try await scheduler.acquireSlot(priority: .medium) }
        #expect(Self.dispatch(scheduler, maxBatch: 1) == [9])
        #expect(scheduler.next(maxBatch: 1).isEmpty)
        #expect(await task.value == nil)
    }
}

/// Strings appended from several tasks, in order.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ item: String) { lock.withLock { stored.append(item) } }
    var items: [String] { lock.withLock { stored } }
}
