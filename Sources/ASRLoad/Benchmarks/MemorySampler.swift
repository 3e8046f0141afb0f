import Foundation

/// The highest RSS of a process, sampled from /proc on a thread of its own until `stop()`.
package final class MemorySampler: @unchecked Sendable {
    private let lock = NSLock()
    private var peak = 0.0
    private var running = true
    private let done = DispatchSemaphore(value: 0)

    /// Starts sampling `pid` every `interval` seconds.
    package init(pid: Int32, interval: Double = 0.02) {
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                if let rss = ProcessProbe.residentMB(pid) { lock.withLock { peak = max(peak, rss) } }
                Thread.sleep(forTimeInterval: interval)
            }
            done.signal()
        }
        thread.start()
    }

    /// Stops sampling and returns the peak RSS in MB (0 if none was read).
    package func stop() -> Double {
        let wasRunning = lock.withLock { () -> Bool in
            defer { running = false }
            return running
        }
        if wasRunning { done.wait() }
        return lock.withLock { peak }
    }
}
