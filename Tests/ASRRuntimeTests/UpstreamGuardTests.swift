import Synchronization
import Testing

@testable import ASRRuntime

/// The parts that keep a failing or busy upstream from hurting the rest: the circuit breaker
/// and the in-flight limit.
@Suite struct UpstreamGuardTests {
    @Test func breakerOpensAfterTheThresholdLetsOneProbeThroughAndClosesOnItsSuccess() async throws {
        let breaker = CircuitBreaker(threshold: 3, openSeconds: 0.2)
        for _ in 0..<2 {
            #expect(breaker.admit() == nil)
            breaker.failed("refused")
        }
        #expect(breaker.position == .closed)
        #expect(breaker.admit() == nil)
        breaker.failed("refused")
        #expect(breaker.position == .open)
        #expect(breaker.admit() != nil)
        try await Task.sleep(for: .milliseconds(300))
        // One probe; the others wait for its verdict.
        #expect(breaker.admit() == nil)
        #expect(breaker.position == .halfOpen)
        #expect(breaker.admit() != nil)
        breaker.failed("still refused")
        #expect(breaker.position == .open)
        try await Task.sleep(for: .milliseconds(300))
        #expect(breaker.admit() == nil)
        breaker.succeeded()
        #expect(breaker.position == .closed)
        #expect(breaker.admit() == nil)
        #expect(breaker.history.opened == 2)
        #expect(breaker.history.lastFailure == "still refused")
    }

    @Test func aSuccessResetsTheCount() {
        let breaker = CircuitBreaker(threshold: 2, openSeconds: 10)
        breaker.failed("a")
        breaker.succeeded()
        breaker.failed("b")
        #expect(breaker.position == .closed)
    }

    /// With one place, waiters go most urgent first, first come first within a priority, and a
    /// cancelled waiter leaves the line.
    @Test func limitServesWaitersByPriorityAndLetsCancelledOnesGo() async throws {
        let limit = InFlightLimit(limit: 1)
        final class Order: Sendable {
            let names = Mutex<[String]>([])
        }
        let order = Order()
        let holder = AsyncStream<Void>.makeStream()
        let held = Task { try await limit.run(priority: .medium) { for await _ in holder.stream {} } }
        while limit.snapshot.open < 1 { await Task.yield() }

        func waiter(_ name: String, _ priority: RecognitionPriority) -> Task<Void, any Error> {
            Task { try await limit.run(priority: priority) { order.names.withLock { $0.append(name) } } }
        }
        let low = waiter("low", .low)
        while limit.snapshot.waiting < 1 { await Task.yield() }
        let medium1 = waiter("medium-1", .medium)
        while limit.snapshot.waiting < 2 { await Task.yield() }
        let cancelled = waiter("cancelled", .high)
        while limit.snapshot.waiting < 3 { await Task.yield() }
        let medium2 = waiter("medium-2", .medium)
        while limit.snapshot.waiting < 4 { await Task.yield() }
        let high = waiter("high", .high)
        while limit.snapshot.waiting < 5 { await Task.yield() }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(limit.snapshot.waiting == 4)

        holder.continuation.finish()
        try await held.value
        for task in [high, medium1, medium2, low] { try await task.value }
        #expect(order.names.withLock { $0 } == ["high", "medium-1", "medium-2", "low"])
        #expect(limit.snapshot.open == 0 && limit.snapshot.waiting == 0)
    }
}
