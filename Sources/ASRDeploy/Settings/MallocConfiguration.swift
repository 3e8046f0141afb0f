import ASRContracts

/// glibc malloc tuning set in the runtime's environment (`env.*`), so its RSS stays low under
/// many threads.
package struct MallocConfiguration: Sendable, Equatable {
    /// `MALLOC_ARENA_MAX`: how many malloc arenas.
    package var arenaMax: Int
    /// `MALLOC_MMAP_THRESHOLD_`: allocations above this many bytes come from mmap.
    package var mmapThreshold: Int

    init(reading settings: SettingReader) {
        arenaMax = settings.integer("env.MALLOC_ARENA_MAX")
        mmapThreshold = settings.integer("env.MALLOC_MMAP_THRESHOLD_")
    }

    /// The variables as the runtime's process gets them.
    package var environment: [String: String] {
        ["MALLOC_ARENA_MAX": String(arenaMax), "MALLOC_MMAP_THRESHOLD_": String(mmapThreshold)]
    }
}
