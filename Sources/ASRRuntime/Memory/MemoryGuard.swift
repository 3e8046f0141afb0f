import ASRContracts
import Synchronization

/// Enforces `ASR_MAX_MEMORY_MB` and its thresholds: samples RSS, trims caches at warning and
/// sheds new work at critical, so that the cap is not passed under overload.
///
/// `sample()` is cheap (one read of /proc/self/statm) and is called before admitting work and
/// periodically by the service; the reaction to a level change runs in `onPressure`.
package final class MemoryGuard: Sendable {
    package struct Snapshot: Sendable, Equatable {
        package let residentBytes: Int
        package let peakResidentBytes: Int
        package let level: MemoryLevel
        package let trims: Int
        package let shedRequests: Int
    }

    private struct State {
        var resident = 0
        var peak = 0
        var level = MemoryLevel.normal
        var trims = 0
        var shed = 0
    }

    package let capBytes: Int
    package let warningBytes: Int
    package let criticalBytes: Int
    private let state = Mutex(State())
    private let onPressure: @Sendable (MemoryLevel) -> Void
    private let reader: @Sendable () -> Int

    /// - Parameters:
    ///   - onPressure: called with `.warning` or `.critical` on every sample at or above warning
    ///     (the service trims caches and the pool there).
    ///   - reader: how RSS is read; the process's own by default.
    package init(
        configuration: RuntimeConfiguration,
        reader: @escaping @Sendable () -> Int = { ProcessMemory.residentBytes() },
        onPressure: @escaping @Sendable (MemoryLevel) -> Void
    ) {
        capBytes = configuration.maxMemoryMB << 20
        warningBytes = configuration.memoryWarningMB << 20
        criticalBytes = configuration.memoryCriticalMB << 20
        self.reader = reader
        self.onPressure = onPressure
    }

    /// Reads RSS, updates the level, reacts to pressure; returns the level.
    @discardableResult
    package func sample() -> MemoryLevel {
        let resident = reader()
        let level: MemoryLevel = resident >= criticalBytes ? .critical : resident >= warningBytes ? .warning : .normal
        state.withLock {
            $0.resident = resident
            $0.peak = max($0.peak, resident)
            $0.level = level
            if level != .normal { $0.trims += 1 }
        }
        if level != .normal { onPressure(level) }
        return level
    }

    /// Whether new work may start now; counts a refusal when not.
    package func admitsNewWork() -> Bool {
        guard sample() == .critical else { return true }
        // Trimming may already have brought memory down.
        guard sample() == .critical else { return true }
        state.withLock { $0.shed += 1 }
        return false
    }

    /// Whether work that will add about `bytes` of RSS may start now: RSS plus `bytes` stays
    /// below critical, so that several loads started together cannot pass the cap between
    /// them. Counts a refusal when not.
    package func admitsNewWork(adding bytes: Int) -> Bool {
        sample()
        let resident = state.withLock { $0.resident }
        guard resident + bytes >= criticalBytes else { return true }
        state.withLock { $0.shed += 1 }
        return false
    }

    package var snapshot: Snapshot {
        state.withLock { Snapshot(residentBytes: $0.resident, peakResidentBytes: $0.peak, level: $0.level, trims: $0.trims, shedRequests: $0.shed) }
    }
}
