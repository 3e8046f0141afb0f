import Foundation

/// One command waiting for the Redis thread, and the single place its caller is resumed.
///
/// Three parties may finish a job: the Redis thread (reply or failure), the caller's deadline
/// timer, and task cancellation. `complete` lets the first one win and ignores the rest, so the
/// continuation is resumed exactly once.
///
/// `@unchecked Sendable`: the job crosses from the calling task to the Redis thread; `arguments`
/// is immutable and `continuation`/`outcome` are only read or written while holding `lock`.
final class RedisJob: @unchecked Sendable {
    /// The command and its arguments, binary-safe.
    let arguments: [Data]
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<RedisReply, RedisError>, Never>?
    private var outcome: Result<RedisReply, RedisError>?

    init(arguments: [Data]) {
        self.arguments = arguments
    }

    /// True once someone has completed the job; the Redis thread then skips it.
    var isFinished: Bool {
        lock.withLock { outcome != nil }
    }

    /// Finishes the job with `result` unless it is already finished.
    func complete(_ result: Result<RedisReply, RedisError>) {
        let waiting: CheckedContinuation<Result<RedisReply, RedisError>, Never>? = lock.withLock {
            guard outcome == nil else { return nil }
            outcome = result
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: result)
    }

    /// Suspends until the job is finished and returns how it finished.
    func result() async -> Result<RedisReply, RedisError> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<RedisReply, RedisError>, Never>) in
            let ready: Result<RedisReply, RedisError>? = lock.withLock {
                if let outcome { return outcome }
                self.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
