import ASRContracts
import Foundation

/// Admission and decoder scheduling, enforcing the guide's settings. It is the engine's job queue
/// (`JobQueue`), so every decoder thread takes its work from here:
///
/// - `ASR_MAX_CONCURRENT`: recognitions (HTTP requests and device streams) open at once.
///   A request beyond it waits for a slot; that wait counts as queued.
/// - `ASR_QUEUE_SIZE`: the most utterances waiting (for a slot or for a decoder). When full,
///   new work is refused at once with a Retry-After estimate, never queued without bound.
/// - Decoders take first the jobs whose speech has ended (HTTP requests, a device's
///   `listen stop`): in priority order (1 high, 2 medium, 3 low), shortest audio first within
///   one — unless a job has waited `shortestFirstPatience`, then oldest first. Then the jobs of
///   streams still speaking, the stream that started speaking first first (see `StreamJobOrder`).
/// - `ASR_BATCH_SIZE`: the most queued jobs one decoder thread takes per dispatch. A thread
///   takes no more than its fair share of the queue (queued ÷ decoders, busy ones included),
///   so a batch never leaves other decoders idle, now or when they finish their current job.
///
/// `@unchecked Sendable`: all mutable state is read and written under `condition`'s lock, which
/// also lets decoder threads sleep until work arrives.
package final class RecognitionScheduler: JobQueue, @unchecked Sendable {
    package let maxConcurrent: Int
    package let queueSize: Int
    package let batchSize: Int
    package let workers: Int
    /// How long a job whose speech has ended may be passed over by shorter ones before it goes
    /// first: shortest-first keeps the mean wait low, this bounds the longest.
    package let shortestFirstPatience: Duration

    private let condition = NSCondition()
    private var open = 0
    private var slotWaiters: [[(id: UInt64, continuation: CheckedContinuation<Void, any Error>)]] = [[], [], []]
    private var queued: [[DecoderJob]] = [[], [], []]
    private var idleWorkers = 0
    private var draining = false
    private var closed = false
    private var nextWaiterID: UInt64 = 0
    private var decodeSecondsAverage = 0.5
    private var dispatches = 0
    private var dispatchedJobs = 0

    package init(maxConcurrent: Int, queueSize: Int, batchSize: Int, workers: Int, shortestFirstPatience: Duration = .seconds(2)) {
        self.maxConcurrent = maxConcurrent
        self.queueSize = queueSize
        self.batchSize = batchSize
        self.workers = workers
        self.shortestFirstPatience = shortestFirstPatience
    }

    package convenience init(configuration: RuntimeConfiguration) {
        self.init(
            maxConcurrent: configuration.maxConcurrent,
            queueSize: configuration.queueSize,
            batchSize: configuration.batchSize,
            workers: configuration.workerThreads
        )
    }

    // MARK: Admission (ASR_MAX_CONCURRENT)

    /// Takes one of the `ASR_MAX_CONCURRENT` slots, waiting in priority order if all are taken.
    /// - Throws: `SpeechEngineError.queueFull` at once when the wait would exceed
    ///   `ASR_QUEUE_SIZE`, `.shutDown` while draining. `AdmissionGate` is the one caller that
    ///   admits work with it.
    package func acquireSlot(priority: RecognitionPriority) async throws {
        let id = makeWaiterID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                enqueueSlotRequest(id: id, priority: priority, continuation)
            }
        } onCancel: {
            cancelSlotRequest(id: id)
        }
    }

    /// Takes a slot only if one is free now (device streams are refused, not queued).
    package func tryAcquireSlot() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !draining, open < maxConcurrent else { return false }
        open += 1
        return true
    }

    /// Gives a slot back, handing it to the highest-priority waiter if any. `AdmissionSlot`
    /// calls this when the admitted work ends.
    package func releaseSlot() {
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

    private func makeWaiterID() -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        nextWaiterID += 1
        return nextWaiterID
    }

    private func enqueueSlotRequest(id: UInt64, priority: RecognitionPriority, _ continuation: CheckedContinuation<Void, any Error>) {
        condition.lock()
        if draining {
            condition.unlock()
            continuation.resume(throwing: SpeechEngineError.shutDown)
        } else if open < maxConcurrent {
            open += 1
            condition.unlock()
            continuation.resume()
        } else if waitingLocked >= queueSize {
            let refusal = queueFullLocked()
            condition.unlock()
            continuation.resume(throwing: refusal)
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

    // MARK: JobQueue (ASR_QUEUE_SIZE, priority, ASR_BATCH_SIZE)

    /// Queues a decoder job by its priority.
    /// - Throws: `.queueFull` at once when `ASR_QUEUE_SIZE` jobs already wait; `.shutDown` once closed.
    package func submit(_ job: DecoderJob) throws(SpeechEngineError) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { throw .shutDown }
        purgeCompletedLocked()
        guard queuedCountLocked < queueSize else { throw queueFullLocked() }
        queued[job.priority.rawValue - 1].append(job)
        condition.signal()
    }

    /// Called by a decoder thread: blocks until jobs are queued, then takes up to `maxBatch`
    /// (`ASR_BATCH_SIZE`) of them, highest priority first, but no more than its fair share of
    /// the queue among idle decoders. Returns `[]` once closed and drained.
    package func next(maxBatch: Int) -> [DecoderJob] {
        condition.lock()
        defer { condition.unlock() }
        idleWorkers += 1
        while true {
            purgeCompletedLocked()
            if queuedCountLocked > 0 { break }
            if closed {
                idleWorkers -= 1
                return []
            }
            condition.wait()
        }
        idleWorkers -= 1
        // A fair share counts every decoder, busy ones too: one about to finish would
        // otherwise find the queue emptied into this batch and sit idle while the batch's
        // jobs wait behind each other (§6 of BENCHMARKS.md: batch 8 cost ×1.34 p95 that way).
        let share = max(1, Int((Double(queuedCountLocked) / Double(max(workers, idleWorkers + 1))).rounded(.up)))
        let take = min(max(1, maxBatch), share)
        var batch: [DecoderJob] = []
        let now = ContinuousClock.now
        while batch.count < take, let (level, index) = firstInOrderLocked(now: now) {
            batch.append(queued[level].remove(at: index))
        }
        dispatches += 1
        dispatchedJobs += batch.count
        if queuedCountLocked > 0 { condition.signal() }
        return batch
    }

    /// Takes no more jobs; queued ones are still handed out, then `next` returns `[]`.
    package func close() {
        condition.lock()
        closed = true
        draining = true
        condition.broadcast()
        condition.unlock()
    }

    /// How far the decoders are behind real time for device streams: the age of the oldest
    /// input of any stream job waiting for a decoder (0 when none waits).
    package var streamLagSeconds: Double {
        condition.lock()
        defer { condition.unlock() }
        let now = ContinuousClock.now
        var lag = 0.0
        for level in queued {
            for job in level where !job.isCompleted {
                if let stream = job.stream { lag = max(lag, (now - stream.oldestInput).seconds) }
            }
        }
        return lag
    }

    /// Jobs waiting for a decoder.
    package var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return queuedCountLocked
    }

    /// Feeds the Retry-After estimate with how long decodes take.
    package func recordDecode(seconds: Double) {
        condition.lock()
        decodeSecondsAverage = decodeSecondsAverage * 0.9 + seconds * 0.1
        condition.unlock()
    }

    // MARK: Lifecycle and state

    /// Stops admitting new work (503 from now on); everything admitted or waiting is still served.
    package func beginDraining() {
        condition.lock()
        draining = true
        condition.unlock()
    }

    /// A consistent view for /health and /asr/stats.
    package struct Snapshot: Sendable, Equatable {
        package let open: Int
        package let maxConcurrent: Int
        package let waitingForSlot: [RecognitionPriority: Int]
        package let queued: [RecognitionPriority: Int]
        package let queueSize: Int
        package let draining: Bool
        package let dispatches: Int
        package let dispatchedJobs: Int

        /// Waiting utterances per priority: for a slot or for a decoder.
        package func waiting(_ priority: RecognitionPriority) -> Int {
            (waitingForSlot[priority] ?? 0) + (queued[priority] ?? 0)
        }

        /// Every waiting utterance.
        package var totalWaiting: Int { RecognitionPriority.allCases.reduce(0) { $0 + waiting($1) } }
    }

    package var snapshot: Snapshot {
        condition.lock()
        defer { condition.unlock() }
        var slots: [RecognitionPriority: Int] = [:]
        var jobs: [RecognitionPriority: Int] = [:]
        for priority in RecognitionPriority.allCases {
            slots[priority] = slotWaiters[priority.rawValue - 1].count
            jobs[priority] = queued[priority.rawValue - 1].count
        }
        return Snapshot(
            open: open,
            maxConcurrent: maxConcurrent,
            waitingForSlot: slots,
            queued: jobs,
            queueSize: queueSize,
            draining: draining,
            dispatches: dispatches,
            dispatchedJobs: dispatchedJobs
        )
    }

    private var queuedCountLocked: Int { queued[0].count + queued[1].count + queued[2].count }
    private var waitingLocked: Int { queuedCountLocked + slotWaiters[0].count + slotWaiters[1].count + slotWaiters[2].count }

    /// Where the next job to run is in `queued` (see the rules at the top); nil if none waits.
    private func firstInOrderLocked(now: ContinuousClock.Instant) -> (level: Int, index: Int)? {
        var best: (level: Int, index: Int)?
        for level in 0..<3 {
            for (index, job) in queued[level].enumerated() {
                if let current = best, !runs(job, before: queued[current.level][current.index], now: now) { continue }
                best = (level, index)
            }
        }
        return best
    }

    /// Whether `job` runs before `other`.
    private func runs(_ job: DecoderJob, before other: DecoderJob, now: ContinuousClock.Instant) -> Bool {
        if job.isFinishing != other.isFinishing { return job.isFinishing }
        if job.isFinishing {
            if job.priority != other.priority { return job.priority < other.priority }
            let overdue = now - job.enqueuedAt >= shortestFirstPatience
            if overdue != (now - other.enqueuedAt >= shortestFirstPatience) { return overdue }
            if !overdue, job.audioSeconds != other.audioSeconds { return job.audioSeconds < other.audioSeconds }
            return job.enqueuedAt < other.enqueuedAt
        }
        let started = job.stream?.speechStarted ?? job.enqueuedAt
        let otherStarted = other.stream?.speechStarted ?? other.enqueuedAt
        if started != otherStarted { return started < otherStarted }
        return job.enqueuedAt < other.enqueuedAt
    }

    /// Cancelled jobs (completed before a worker took them) no longer count as waiting.
    private func purgeCompletedLocked() {
        for level in 0..<3 where queued[level].contains(where: \.isCompleted) {
            queued[level].removeAll(where: \.isCompleted)
        }
    }

    private func queueFullLocked() -> SpeechEngineError {
        let seconds = Double(waitingLocked + 1) * decodeSecondsAverage / Double(max(1, workers))
        return .queueFull(waiting: waitingLocked, limit: queueSize, retryAfterSeconds: max(1, Int(seconds.rounded(.up))))
    }
}
