import Foundation

/// The simplest `JobQueue`: first in, first out, unbounded, ignoring priority.
///
/// `@unchecked Sendable`: `jobs`, `head` and `closed` are read and written only while holding
/// `condition`'s lock, which also lets workers sleep until a job arrives.
package final class FIFOJobQueue: JobQueue, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [DecoderJob] = []
    private var head = 0
    private var closed = false

    package init() {}

    package func submit(_ job: DecoderJob) throws(SpeechEngineError) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { throw .shutDown }
        jobs.append(job)
        condition.signal()
    }

    package func next(maxBatch: Int) -> [DecoderJob] {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count && !closed {
            condition.wait()
        }
        let taken = Array(jobs[head..<min(jobs.count, head + max(1, maxBatch))])
        head += taken.count
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= jobs.count {
            // Under constant load the queue never empties: drop the consumed prefix now and then.
            jobs.removeFirst(head)
            head = 0
        }
        return taken
    }

    package func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    package var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return jobs.count - head
    }
}
