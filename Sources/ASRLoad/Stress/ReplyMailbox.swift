import ASRContracts
import Synchronization

/// Hands the server's messages from a connection's reader task to the device's script, which
/// waits for the next one with a deadline (a device that waits forever measures nothing).
final class ReplyMailbox: Sendable {
    private struct State {
        var queue: [XiaozhiServerMessage] = []
        var waiter: (id: Int, continuation: CheckedContinuation<XiaozhiServerMessage?, Never>)?
        var nextWaiter = 0
        var closed = false
    }

    private let state = Mutex(State())

    /// A message arrived.
    func put(_ reply: XiaozhiServerMessage) {
        let waiter = state.withLock { state -> CheckedContinuation<XiaozhiServerMessage?, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter.continuation
            }
            state.queue.append(reply)
            return nil
        }
        waiter?.resume(returning: reply)
    }

    /// The connection is gone: waiting ends with nil.
    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<XiaozhiServerMessage?, Never>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter?.continuation
        }
        waiter?.resume(returning: nil)
    }

    /// The next message, or nil when none came by `deadline` or the connection closed.
    /// One caller at a time.
    func next(before deadline: ContinuousClock.Instant) async -> XiaozhiServerMessage? {
        let ticket = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let timer = Task {
            try? await Task.sleep(until: deadline, clock: .continuous)
            self.expire(ticket)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let immediate = state.withLock { state -> XiaozhiServerMessage?? in
                if !state.queue.isEmpty { return .some(state.queue.removeFirst()) }
                if state.closed || ContinuousClock.now >= deadline { return .some(nil) }
                state.waiter = (ticket, continuation)
                return .none
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    private func expire(_ ticket: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<XiaozhiServerMessage?, Never>? in
            guard let waiter = state.waiter, waiter.id == ticket else { return nil }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume(returning: nil)
    }
}
