import Foundation

/// One dedicated thread that runs submitted closures in order: where stream decoders are
/// created (~0.3 s of model loading) and freed, so that blocking C work never runs on the
/// Swift cooperative pool, Dispatch's global queues or NIO event loops.
///
/// `@unchecked Sendable`: `work` and `closed` are only touched under `condition`'s lock.
final class HousekeepingThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var work: [() -> Void] = []
    private var closed = false

    /// Starts the thread, named `name` (at most 15 bytes on Linux).
    init(name: String) {
        let thread = Thread { [self] in
            #if os(Linux)
            try? name.write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
            #endif
            loop()
        }
        thread.start()
    }

    /// Runs `body` on the thread and returns its result.
    func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            enqueue { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Queues `body` without waiting for it.
    func enqueue(_ body: @escaping @Sendable () -> Void) {
        condition.lock()
        if closed {
            condition.unlock()
            body()
            return
        }
        work.append(body)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread finish what is queued, then exit.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while work.isEmpty && !closed { condition.wait() }
            if work.isEmpty {
                condition.unlock()
                return
            }
            let batch = work
            work.removeAll()
            condition.unlock()
            for body in batch { body() }
        }
    }
}
