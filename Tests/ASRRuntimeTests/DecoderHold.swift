import ASRRuntime
import Foundation

/// Occupies one decoder thread until `release()`: a job that waits on a semaphore, so tests
/// that need every decoder busy do not depend on timing.
final class DecoderHold: Sendable {
    let gate = DispatchSemaphore(value: 0)
    let task: Task<Void, any Error>

    init(_ services: RuntimeServices) async {
        let gate = gate
        task = Task { try await services.engine.perform(priority: .high) { _ in gate.wait() } }
        while services.engine.busyWorkers == 0 { try? await Task.sleep(for: .milliseconds(5)) }
    }

    func release() async {
        gate.signal()
        _ = try? await task.value
    }

    // A test that fails before `release()` must not leave the decoder held: shutting the
    // engine down waits for its threads, and would wait forever.
    deinit { gate.signal() }
}
