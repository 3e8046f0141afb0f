import Foundation

/// `count` blocking jobs started at once, each on a thread of its own (not the Swift
/// cooperative pool, nor GCD's width-limited pool), e.g. a burst of HTTP requests.
///
/// `@unchecked Sendable`: `results` is only touched under `lock`.
public final class ConcurrentWork<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result?]
    private let group = DispatchGroup()

    /// Starts `work(0)`, ..., `work(count - 1)` now.
    public init(count: Int, _ work: @escaping @Sendable (Int) -> Result) {
        results = Array(repeating: nil, count: count)
        for index in 0..<count {
            group.enter()
            let thread = Thread { [self] in
                let result = work(index)
                lock.withLock { results[index] = result }
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Waits up to `timeout` seconds for every job; their results in order, or `nil` if some
    /// job was still running then.
    public func wait(timeout: Double) -> [Result]? {
        guard group.wait(timeout: .now() + timeout) == .success else { return nil }
        return lock.withLock { results.map { $0! } }
    }
}

/// Polling for a condition with a generous deadline, for tests on a busy machine.
public enum Poll {
    /// Evaluates `condition` every `interval` seconds until it is true (→ true) or `timeout`
    /// seconds have passed (→ false).
    @discardableResult
    public static func until(timeout: Double, interval: Double = 0.05, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if try condition() { return true }
            if Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: interval)
        }
    }
}
