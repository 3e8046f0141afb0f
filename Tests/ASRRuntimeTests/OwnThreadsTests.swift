import Foundation
import Synchronization
import TestSupport
import Testing

/// Why the slow suites run with `.ownThreads` / `.runsProcesses`: more child tasks than cores,
/// each blocking until all of them have started, meet only when they are not confined to the
/// cooperative pool; and the gate the process-running tests share lets two in at a time.
@Suite(.serialized) struct OwnThreadsTests {
    /// A rendezvous of `count` parties that block (as `waitUntilExit` does) until all have come.
    private final class Rendezvous: @unchecked Sendable {
        private let condition = NSCondition()
        private var arrived = 0
        private let count: Int
        init(count: Int) { self.count = count }

        /// Blocks until all `count` parties have arrived or `timeout` passes; whether all came.
        func arriveAndWait(timeout: Double) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            arrived += 1
            condition.broadcast()
            let deadline = Date().addingTimeInterval(timeout)
            while arrived < count, condition.wait(until: deadline) {}
            return arrived == count
        }
    }

    /// Starts `count` child tasks that each block until all `count` have started or `timeout`
    /// passes; how many saw every one of them start.
    private static func blockingRendezvous(count: Int, timeout: Double) async -> Int {
        let rendezvous = Rendezvous(count: count)
        return await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<count {
                group.addTask { rendezvous.arriveAndWait(timeout: timeout) }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
    }

    private static var moreThanTheCores: Int { ProcessInfo.processInfo.activeProcessorCount + 2 }

    @Test(.ownThreads) func blockingTestsDoNotRunOutOfThreads() async {
        let count = Self.moreThanTheCores
        #expect(await Self.blockingRendezvous(count: count, timeout: 10) == count)
    }

    /// The control: on the cooperative pool the same tasks cannot all be running at once.
    @Test func theCooperativePoolHasOnlyAThreadPerCore() async {
        let count = Self.moreThanTheCores
        #expect(await Self.blockingRendezvous(count: count, timeout: 1) < count)
    }

    @Test func theGateAdmitsItsWidthAtOnceAndNoMore() async {
        let gate = TestGate(width: 2)
        final class Occupancy: Sendable { let counts = Mutex((now: 0, most: 0)) }
        let occupancy = Occupancy()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    await gate.withPlace {
                        occupancy.counts.withLock {
                            $0.now += 1
                            $0.most = max($0.most, $0.now)
                        }
                        try? await Task.sleep(for: .milliseconds(20))
                        occupancy.counts.withLock { $0.now -= 1 }
                    }
                }
            }
        }
        #expect(occupancy.counts.withLock { $0.most } == 2)
    }
}
