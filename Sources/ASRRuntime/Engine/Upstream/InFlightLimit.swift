import Synchronization

/// At most `limit` requests open to the upstream at once (`ASR_UPSTREAM_MAX_IN_FLIGHT`); the
/// others wait, the most urgent first and first come first within a priority. A waiter that is
/// cancelled leaves the line at once.
final class InFlightLimit: Sendable {
    private struct Waiter {
        let id: Int
        let priority: RecognitionPriority
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var open = 0
        var waiters: [Waiter] = []
        var nextID = 0
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Requests open now and waiting.
    var snapshot: (open: Int, waiting: Int) { state.withLock { ($0.open, $0.waiters.count) } }

    /// Runs `body` once a place is free.
    /// - Throws: `CancellationError` when cancelled while waiting; what `body` throws.
    func run<Value: Sendable>(priority: RecognitionPriority, _ body: () async throws -> Value) async throws -> Value {
        try await acquire(priority)
        defer { release() }
        return try await body()
    }

    private func acquire(_ priority: RecognitionPriority) async throws {
        let id = state.withLock { state -> Int? in
            if state.open < limit {
                state.open += 1
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = state.withLock { state -> Bool in
                    if Task.isCancelled { return true }
                    // Behind every waiter of the same or higher urgency.
                    let index = state.waiters.firstIndex { $0.priority > priority } ?? state.waiters.endIndex
                    state.waiters.insert(Waiter(id: id, priority: priority, continuation: continuation), at: index)
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    private func release() {
        // The place passes straight to the next waiter, if any; `open` stays the same.
        let next = state.withLock { state -> Waiter? in
            if state.waiters.isEmpty {
                state.open -= 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.continuation.resume()
    }
}
