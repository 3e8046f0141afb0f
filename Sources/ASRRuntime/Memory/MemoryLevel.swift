/// Where the process's RSS stands against `ASR_MEMORY_WARNING_MB` / `ASR_MEMORY_CRITICAL_MB`.
package enum MemoryLevel: String, Sendable, Codable, Comparable {
    /// Below the warning threshold.
    case normal
    /// At or above warning: caches and the buffer pool are trimmed.
    case warning
    /// At or above critical: new work is refused with 503 until memory falls.
    case critical

    private var rank: Int { self == .normal ? 0 : self == .warning ? 1 : 2 }
    package static func < (lhs: MemoryLevel, rhs: MemoryLevel) -> Bool { lhs.rank < rhs.rank }
}
