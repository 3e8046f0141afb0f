import Foundation

/// A task executor that never runs short of threads: a job waits only for an idle thread, and
/// when none is idle a new one starts at once. Swift's cooperative pool has only as many
/// threads as cores (two here), so two tests blocking in `waitUntilExit` or `Thread.sleep`
/// stall every other test's `await`s — a Redis call once "took" 23 s that way. (A concurrent
/// `DispatchQueue` is no cure: its pool adds a thread only every half second or so.)
/// Threads idle for `idleTimeout` seconds end. See ``OwnThreads``.
///
/// `@unchecked Sendable`: `jobs` and `idleThreads` are only touched under `condition`.
public final class ThreadPerDemandExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var idleThreads = 0
    private let idleTimeout: TimeInterval

    public init(idleTimeout: TimeInterval = 5) {
        self.idleTimeout = idleTimeout
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        let needsThread = idleThreads < jobs.count
        if needsThread { idleThreads += 1 }  // counted idle from now, so bursts start one each
        condition.signal()
        condition.unlock()
        if needsThread {
            let thread = Thread { [self] in serve() }
            thread.stackSize = 4 << 20
            thread.start()
        }
    }

    /// A thread's loop: run jobs while there are any, end after `idleTimeout` without one.
    private func serve() {
        condition.lock()
        while true {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                idleThreads -= 1
                condition.unlock()
                job.runSynchronously(on: asUnownedTaskExecutor())
                condition.lock()
                idleThreads += 1
            } else if !condition.wait(until: Date().addingTimeInterval(idleTimeout)), jobs.isEmpty {
                idleThreads -= 1
                condition.unlock()
                return
            }
        }
    }
}
