import Foundation
import Synchronization

/// The result of work running on a thread of its own, handed to the thread waiting for it.
final class ThreadOutcome<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Runs `work` (on the worker thread) and hands its value or error over.
    func finish(_ work: () throws -> Value) {
        let outcome = Result { try work() }
        result.withLock { $0 = outcome }
        done.signal()
    }

    /// Waits for `finish`; returns its value or throws its error.
    func wait() throws -> Value {
        done.wait()
        // finish stored the outcome before signalling.
        return try result.withLock { $0! }.get()
    }
}
