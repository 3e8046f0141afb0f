import Foundation

/// At most `width` holders at once; others wait (asynchronously, holding no thread) in FIFO
/// order. Keeps the tests that start runtimes, `asrctl` and Docker from all running at once
/// on a 2-core machine, where real-time streaming tests would then starve.
///
/// `@unchecked Sendable`: `holders` and `waiters` are only touched under `lock`.
public final class TestGate: @unchecked Sendable {
    private let lock = NSLock()
    private let width: Int
    private var holders = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(width: Int) {
        precondition(width >= 1)
        self.width = width
    }

    /// Runs `body` once a place is free, and frees it afterwards.
    public func withPlace<T>(_ body: () async throws -> T) async rethrows -> T {
        await enter()
        defer { leave() }
        return try await body()
    }

    private func enter() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let admitted = lock.withLock {
                guard holders < width else {
                    waiters.append(continuation)
                    return false
                }
                holders += 1
                return true
            }
            if admitted { continuation.resume() }
        }
    }

    private func leave() {
        let next = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            guard !waiters.isEmpty else {
                holders -= 1
                return nil
            }
            return waiters.removeFirst()  // the place passes on; `holders` stays
        }
        next?.resume()
    }
}
