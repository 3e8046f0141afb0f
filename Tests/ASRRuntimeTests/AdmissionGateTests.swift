import ASRContracts
import Synchronization
import Testing

@testable import ASRRuntime

/// The admission gate: one place that checks the runtime's state and memory and hands work a
/// slot that is given back on every path — answer, error, cancellation. A slot that is never
/// given back leaves the next admission waiting for ever: the time limit turns that into a
/// failure instead of a hung suite.
@Suite(.timeLimit(.minutes(1))) struct AdmissionGateTests {
    /// A gate over a real scheduler and memory guard; `resident` is the RSS the guard reads.
    final class Fixture: Sendable {
        let gate: AdmissionGate
        let scheduler: RecognitionScheduler
        let statistics = RequestStatistics()

        init(maxConcurrent: Int = 1) throws {
            let configuration = try RuntimeConfiguration(environment: [
                "ASR_MAX_CONCURRENT": "\(maxConcurrent)", "ASR_QUEUE_SIZE": "2",
                "ASR_MAX_MEMORY_MB": "1000", "ASR_MEMORY_WARNING_MB": "800", "ASR_MEMORY_CRITICAL_MB": "900",
            ])
            scheduler = RecognitionScheduler(configuration: configuration)
            let resident = Resident()
            self.resident = resident
            gate = AdmissionGate(
                configuration: configuration,
                scheduler: scheduler,
                memoryGuard: MemoryGuard(configuration: configuration, reader: { resident.bytes.load(ordering: .relaxed) }, onPressure: { _ in }),
                statistics: statistics
            )
        }

        private let resident: Resident
        func setResident(megabytes: Int) { resident.bytes.store(megabytes << 20, ordering: .relaxed) }
        var open: Int { scheduler.snapshot.open }
        func rejections(_ reason: RejectionReason) -> Int { statistics.snapshot.rejected[reason] ?? 0 }
    }

    /// `task`'s value, cancelling the task when the test is cancelled (its time limit): an
    /// unstructured task is not cancelled with the test, and one waiting for a slot that is
    /// never given back would hold the suite for ever.
    static func value<Value: Sendable>(of task: Task<Value, any Error>) async throws -> Value {
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// The RSS the fixture's memory guard reads.
    final class Resident: Sendable {
        let bytes = Atomic<Int>(0)
    }

    @Test func stateDecidesBeforeAnySlotIsTaken() async throws {
        let fixture = try Fixture()
        let gate = fixture.gate
        await #expect(throws: Rejection.self) { try await gate.admit(priority: .medium) { 1 } }
        do {
            _ = try await gate.admitNow { 1 }
            Issue.record("a stream was admitted while loading")
        } catch {
            #expect(error.code == "loading" && error.reason == .unavailable && error.retryAfterSeconds == 1)
        }
        gate.open()
        #expect(try await gate.admit(priority: .medium) { 7 } == 7)
        gate.beginDraining()
        gate.open()  // loading is over; opening again does not undo draining
        #expect(gate.state == .draining)
        do {
            _ = try await gate.admitNow { 1 }
            Issue.record("a stream was admitted while draining")
        } catch {
            #expect(error.code == "shutting_down" && error.retryAfterSeconds == 5)
        }
        #expect(fixture.rejections(.unavailable) == 3)
        #expect(fixture.open == 0)
    }

    @Test func theSlotIsGivenBackWhenWorkAnswersThrowsOrIsCancelled() async throws {
        struct Failure: Error {}
        let fixture = try Fixture()
        let gate = fixture.gate
        gate.open()
        _ = try await gate.admit(priority: .high) { #expect(fixture.open == 1) }
        #expect(fixture.open == 0)
        await #expect(throws: Failure.self) { try await gate.admit(priority: .high) { throw Failure() } }
        #expect(fixture.open == 0)

        let started = Atomic<Bool>(false)
        let holder = Task {
            try await gate.admit(priority: .medium) {
                started.store(true, ordering: .releasing)
                try await Task.sleep(for: .seconds(60))
            }
        }
        while !started.load(ordering: .acquiring) { try await Task.sleep(for: .milliseconds(5)) }
        #expect(fixture.open == 1)
        // The one slot is held: a stream is refused at once, not queued.
        do {
            _ = try await gate.admitNow { 1 }
            Issue.record("a stream was admitted beyond ASR_MAX_CONCURRENT")
        } catch {
            #expect(error.reason == .concurrencyLimit && error.message.contains("ASR_MAX_CONCURRENT=1"))
        }
        holder.cancel()
        await #expect(throws: CancellationError.self) { try await holder.value }
        #expect(fixture.open == 0)
        #expect(try await gate.admitNow { fixture.open } == 1)
        #expect(fixture.open == 0)
    }

    @Test func aWaitingRequestGetsTheSlotAStreamGivesBack() async throws {
        let fixture = try Fixture()
        let gate = fixture.gate
        gate.open()
        let release = AsyncStream.makeStream(of: Void.self)
        let stream = Task {
            try await gate.admitNow {
                for await _ in release.stream { break }
            }
        }
        while fixture.open == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let request = Task { try await gate.admit(priority: .low) { fixture.open } }
        while fixture.scheduler.snapshot.waiting(.low) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        release.continuation.yield()
        try await Self.value(of: stream)
        #expect(try await Self.value(of: request) == 1)
        #expect(fixture.open == 0)
    }

    @Test func criticalMemoryRefusesNewWork() async throws {
        let fixture = try Fixture()
        let gate = fixture.gate
        gate.open()
        fixture.setResident(megabytes: 950)
        do {
            _ = try await gate.admit(priority: .high) { 1 }
            Issue.record("work was admitted with memory critical")
        } catch let rejection as Rejection {
            #expect(rejection.reason == .memoryCritical && rejection.message.contains("ASR_MEMORY_CRITICAL_MB=900"))
        }
        #expect(fixture.rejections(.memoryCritical) == 1)
        #expect(fixture.open == 0)
        fixture.setResident(megabytes: 100)
        #expect(try await gate.admit(priority: .high) { 2 } == 2)
    }
}
