import ASRContracts
import Synchronization

/// The one place work is admitted, HTTP requests and device streams alike: it checks the
/// runtime's state (loading, failed, draining), then memory (`ASR_MEMORY_CRITICAL_MB`), then
/// takes an `ASR_MAX_CONCURRENT` slot and holds it while the admitted work runs. Every refusal
/// is a `Rejection`, counted in the request statistics.
package final class AdmissionGate: Sendable {
    private let stateValue = Atomic<UInt8>(RuntimeState.loading.rawValue)
    private let scheduler: RecognitionScheduler
    private let memoryGuard: MemoryGuard
    private let statistics: RequestStatistics
    private let configuration: RuntimeConfiguration

    package init(
        configuration: RuntimeConfiguration,
        scheduler: RecognitionScheduler,
        memoryGuard: MemoryGuard,
        statistics: RequestStatistics
    ) {
        self.configuration = configuration
        self.scheduler = scheduler
        self.memoryGuard = memoryGuard
        self.statistics = statistics
    }

    // MARK: State

    package var state: RuntimeState { RuntimeState(rawValue: stateValue.load(ordering: .acquiring)) ?? .failed }

    /// The models are loaded: work is admitted from now on (unless draining has begun).
    package func open() {
        _ = stateValue.compareExchange(
            expected: RuntimeState.loading.rawValue,
            desired: RuntimeState.ready.rawValue,
            ordering: .acquiringAndReleasing
        )
    }

    /// The models could not be loaded: nothing will be admitted.
    package func fail() {
        stateValue.store(RuntimeState.failed.rawValue, ordering: .releasing)
    }

    /// SIGTERM: nothing new is admitted; work already admitted or waiting for a slot goes on.
    package func beginDraining() {
        stateValue.store(RuntimeState.draining.rawValue, ordering: .releasing)
        scheduler.beginDraining()
    }

    // MARK: Admission

    /// Runs `work` holding a slot, waiting for one in priority order while all are taken
    /// (that wait counts against `ASR_QUEUE_SIZE`).
    /// - Throws: `Rejection` when the work is refused; otherwise what `work` throws.
    package func admit<Value>(priority: RecognitionPriority, _ work: () async throws -> Value) async throws -> Value {
        try check()
        do {
            try await scheduler.acquireSlot(priority: priority)
        } catch let error as SpeechEngineError {
            throw rejected(Rejection(error))
        }
        return try await AdmissionSlot(takenFrom: scheduler).hold(while: work)
    }

    /// Runs `work` holding a slot taken now, or refuses at once when none is free: a device
    /// stream is not queued, since a device waiting in silence would only time out.
    /// - Throws: `Rejection` when the work is refused.
    package func admitNow<Value>(_ work: () async -> Value) async throws(Rejection) -> Value {
        try check()
        guard scheduler.tryAcquireSlot() else {
            throw rejected(
                Rejection(
                    reason: .concurrencyLimit,
                    retryAfterSeconds: 1,
                    message:
                        "server busy: all ASR_MAX_CONCURRENT=\(configuration.maxConcurrent) recognition slots (device streams and requests) are in use; try again later"
                )
            )
        }
        return await AdmissionSlot(takenFrom: scheduler).hold(while: work)
    }

    /// Refuses work while the runtime is not ready or memory is critical.
    private func check() throws(Rejection) {
        switch state {
        case .loading:
            throw rejected(
                Rejection(
                    reason: .unavailable,
                    code: "loading",
                    retryAfterSeconds: 1,
                    message: "the speech models are still loading; try again shortly"
                )
            )
        case .failed:
            throw rejected(
                Rejection(
                    reason: .unavailable,
                    code: "engine_failed",
                    retryAfterSeconds: 30,
                    message: "the speech models failed to load; see the service log"
                )
            )
        case .draining:
            throw rejected(.shuttingDown)
        case .ready:
            break
        }
        guard memoryGuard.admitsNewWork() else {
            throw rejected(
                Rejection(
                    reason: .memoryCritical,
                    retryAfterSeconds: max(1, configuration.gcInterval / 2),
                    message:
                        "memory critical: RSS at or above ASR_MEMORY_CRITICAL_MB=\(configuration.memoryCriticalMB) MB (cap \(configuration.maxMemoryMB) MB); new work is refused until it falls"
                )
            )
        }
    }

    private func rejected(_ rejection: Rejection) -> Rejection {
        statistics.record(.rejected(rejection.reason))
        return rejection
    }
}
