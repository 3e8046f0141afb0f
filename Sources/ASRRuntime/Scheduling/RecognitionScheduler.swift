import Foundation

/// Admission and decoder scheduling, enforcing the guide's knobs:
///
/// - `ASR_MAX_CONCURRENT`: recognitions (HTTP requests and device streams) open at once.
///   A request beyond it waits for a slot, counted as waiting.
/// - `ASR_QUEUE_SIZE`: the most utterances waiting (for a slot or for a decoder). When full,
///   new work is refused at once with a Retry-After estimate — never queued without bound.
/// - Waiting work is served in priority order (1 high, 2 medium, 3 low), FIFO within one.
/// - `ASR_BATCH_SIZE`: the most queued jobs one worker takes per dispatch. A worker takes no
///   more than its fair share of the queue, so batching never leaves other decoders idle.
/// - Identical audio (same cache key) waiting or decoding is decoded once for all its requests.
///
/// Decoder workers are dedicated threads that block in `nextBatch`; request handlers await.
public final class RecognitionScheduler: @unchecked Sendable {
    // All mutable state is guarded by `condition`.
    public let maxConcurrent: Int
    public let queueSize: Int
    public let batchSize: Int
    public let workers: Int

    private let condition = NSCondition()
    private var open = 0
    private var slotWaiters: [[(id: UInt64, continuation: CheckedContinuation<Void, any Error>)]] = [[], [], []]
    private var queued: [[DecodeJob]] = [[], [], []]
    private var inFlight: [CacheKey: DecodeJob] = [:]
    private var idleWorkers = 0
    private var draining = false
    private var nextWaiterID: UInt64 = 0
    private var decodeSecondsAverage = 0.5
    private var dispatches = 0
    private var dispatchedJobs = 0

    public init(maxConcurrent: Int, queueSize: Int, batchSize: Int, workers: Int) {
        self.maxConcurrent = maxConcurrent
        self.queueSize = queueSize
        self.batchSize = batchSize
        self.workers = workers
    }

    public convenience init(configuration: RuntimeConfiguration) {
        self.init(maxConcurrent: configuration.maxConcurrent, queueSize: configuration.queueSize,
                  batchSize: configuration.batchSize, workers: configuration.workerThreads)
    }

    // MARK: Admission (ASR_MAX_CONCURRENT)

    /// Takes one of the `ASR_MAX_CONCURRENT` slots, waiting in priority order if all are taken.
    /// - Throws: `SchedulerRejection` at once when the wait would exceed `ASR_QUEUE_SIZE`,
    ///   or while draining.
    public func acquireSlot(priority: RecognitionPriority) async throws {
        let id = makeWaiterID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                enqueueSlotRequest(id: id, priority: priority, continuation)
            }
        } onCancel: {
            cancelSlotRequest(id: id)
        }
    }

    private func makeWaiterID() -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        nextWaiterID += 1
        return nextWaiterID
    }

    private func enqueueSlotRequest(id: UInt64, priority: RecognitionPriority, _ continuation: CheckedContinuation<Void, any Error>) {
        condition.lock()
        if let rejection = rejectionLocked() {
            condition.unlock()
            continuation.resume(throwing: rejection)
        } else if open < maxConcurrent {
            open += 1
            condition.unlock()
            continuation.resume()
        } else if waitingLocked >= queueSize {
            let rejection = queueFullLocked()
            condition.unlock()
            continuation.resume(throwing: rejection)
        } else {
            slotWaiters[priority.rawValue - 1].append((id, continuation))
            condition.unlock()
        }
    }

    private func cancelSlotRequest(id: UInt64) {
        condition.lock()
        for level in 0..<3 {
            if let index = slotWaiters[level].firstIndex(where: { $0.id == id }) {
                let waiter = slotWaiters[level].remove(at: index)
                condition.unlock()
                waiter.continuation.resume(throwing: CancellationError())
                return
            }
        }
        condition.unlock()
    }

    /// Takes a slot only if one is free now (device streams are refused, not queued).
    public func tryAcquireSlot() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !draining, open < maxConcurrent else { return false }
        open += 1
        return true
    }

    /// Gives a slot back, handing it to the highest-priority waiter if any.
    public func releaseSlot() {
        condition.lock()
        for level in 0..<3 where !slotWaiters[level].isEmpty {
            let waiter = slotWaiters[level].removeFirst()
            condition.unlock()
            waiter.continuation.resume()
            return
        }
        open -= 1
        condition.unlock()
    }

    // MARK: Decoding (ASR_QUEUE_SIZE, ASR_BATCH_SIZE, de-duplication)

    /// Queues `samples` for a decoder and waits for the result. Identical audio already waiting
    /// or decoding is not queued again; this request shares its result.
    /// - Returns: the result and whether it was shared with an earlier identical request.
    public func decode(key: CacheKey, samples: [Int16], priority: RecognitionPriority) async throws -> (DecodeResult, shared: Bool) {
        var shared = false
        let result = try await withCheckedThrowingContinuation { continuation in
            shared = enqueueJob(key: key, samples: samples, priority: priority, continuation)
        }
        return (result, shared)
    }

    /// Attaches to an identical job (returns true), queues a new one, or rejects.
    private func enqueueJob(key: CacheKey, samples: [Int16], priority: RecognitionPriority,
                            _ continuation: CheckedContinuation<DecodeResult, any Error>) -> Bool {
        condition.lock()
        if let rejection = rejectionLocked() {
            condition.unlock()
            continuation.resume(throwing: rejection)
            return false
        }
        if let existing = inFlight[key] {
            if priority < existing.priority,
               let index = queued[existing.priority.rawValue - 1].firstIndex(where: { $0 === existing }) {
                queued[existing.priority.rawValue - 1].remove(at: index)
                existing.priority = priority
                queued[priority.rawValue - 1].append(existing)
            }
            existing.waiters.append(continuation)
            condition.unlock()
            return true
        }
        if queuedCountLocked >= queueSize {
            let rejection = queueFullLocked()
            condition.unlock()
            continuation.resume(throwing: rejection)
            return false
        }
        let job = DecodeJob(key: key, samples: samples, priority: priority)
        job.waiters.append(continuation)
        inFlight[key] = job
        queued[priority.rawValue - 1].append(job)
        condition.signal()
        condition.unlock()
        return false
    }

    /// Called by a decoder thread: blocks until jobs are queued, then takes up to
    /// `ASR_BATCH_SIZE` of them, highest priority first. Returns `nil` once draining and empty.
    public func nextBatch() -> [DecodeJob]? {
        condition.lock()
        defer { condition.unlock() }
        idleWorkers += 1
        while queuedCountLocked == 0 {
            if draining {
                idleWorkers -= 1
                condition.broadcast()
                return nil
            }
            condition.wait()
        }
        idleWorkers -= 1
        // Fair share: leave work for the other idle decoders.
        let share = max(1, queuedCountLocked / max(1, idleWorkers + 1))
        let take = min(batchSize, share)
        var batch: [DecodeJob] = []
        for level in 0..<3 {
            while batch.count < take, !queued[level].isEmpty {
                batch.append(queued[level].removeFirst())
            }
        }
        dispatches += 1
        dispatchedJobs += batch.count
        if queuedCountLocked > 0 { condition.signal() }
        return batch
    }

    /// Called by a decoder thread when a job is done: answers every request waiting on it.
    public func finish(_ job: DecodeJob, with result: Result<DecodeResult, any Error>) {
        condition.lock()
        inFlight[job.key] = nil
        let waiters = job.waiters
        job.waiters = []
        if case .success(let value) = result {
            decodeSecondsAverage = decodeSecondsAverage * 0.9 + value.decodeSeconds * 0.1
        }
        condition.unlock()
        for waiter in waiters { waiter.resume(with: result) }
    }

    // MARK: Lifecycle and state

    /// Stops admitting new work; queued and running jobs still finish. Workers' `nextBatch`
    /// returns `nil` once the queue is empty.
    public func beginDraining() {
        condition.lock()
        draining = true
        let waiters = slotWaiters.flatMap { $0 }
        slotWaiters = [[], [], []]
        condition.broadcast()
        condition.unlock()
        for waiter in waiters {
            waiter.continuation.resume(throwing: SchedulerRejection(
                reason: .unavailable, retryAfterSeconds: 5, message: "the service is shutting down"))
        }
    }

    /// A consistent view for /health and /asr/stats.
    public struct Snapshot: Sendable, Equatable {
        public let open: Int
        public let maxConcurrent: Int
        public let waitingForSlot: [RecognitionPriority: Int]
        public let queued: [RecognitionPriority: Int]
        public let decoding: Int
        public let queueSize: Int
        public let draining: Bool
        public let dispatches: Int
        public let dispatchedJobs: Int

        /// Waiting utterances per priority: for a slot or for a decoder.
        public func waiting(_ priority: RecognitionPriority) -> Int {
            (waitingForSlot[priority] ?? 0) + (queued[priority] ?? 0)
        }
    }

    public var snapshot: Snapshot {
        condition.lock()
        defer { condition.unlock() }
        var slots: [RecognitionPriority: Int] = [:]
        var jobs: [RecognitionPriority: Int] = [:]
        for priority in RecognitionPriority.allCases {
            slots[priority] = slotWaiters[priority.rawValue - 1].count
            jobs[priority] = queued[priority.rawValue - 1].count
        }
        return Snapshot(open: open, maxConcurrent: maxConcurrent, waitingForSlot: slots, queued: jobs,
                        decoding: inFlight.count - queuedCountLocked, queueSize: queueSize, draining: draining,
                        dispatches: dispatches, dispatchedJobs: dispatchedJobs)
    }

    private var queuedCountLocked: Int { queued[0].count + queued[1].count + queued[2].count }
    private var waitingLocked: Int { queuedCountLocked + slotWaiters[0].count + slotWaiters[1].count + slotWaiters[2].count }

    private func rejectionLocked() -> SchedulerRejection? {
        draining ? SchedulerRejection(reason: .unavailable, retryAfterSeconds: 5, message: "the service is shutting down") : nil
    }

    private func queueFullLocked() -> SchedulerRejection {
        let seconds = Double(waitingLocked + 1) * decodeSecondsAverage / Double(max(1, workers))
        return SchedulerRejection(
            reason: .queueFull, retryAfterSeconds: max(1, Int(seconds.rounded(.up))),
            message: "queue full: \(waitingLocked) utterances already waiting (ASR_QUEUE_SIZE=\(queueSize))")
    }
}
