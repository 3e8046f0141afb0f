import ASRContracts

/// The sections of `asrctl bench`, in the order they run and are numbered in BENCHMARKS.md
/// (the numbering: streaming capacity is section 4, measured by the device simulator).
public enum BenchmarkSection: String, CaseIterable, Codable, Sendable, Comparable {
    case engine
    case service
    case cache
    case streaming
    case memory
    case settings
    case peer
    case engines
    case search

    /// The section number.
    public var number: Int {
        switch self {
        case .engine: 1
        case .service: 2
        case .cache: 3
        case .streaming: 4
        case .memory: 5
        case .settings: 6
        case .peer: 7
        case .engines: 8
        case .search: 9
        }
    }

    /// The heading used in BENCHMARKS.md.
    public var title: String {
        switch self {
        case .engine: "Engine ceiling"
        case .service: "Service efficiency"
        case .cache: "Cache hits"
        case .streaming: "Streaming capacity"
        case .memory: "Memory"
        case .settings: "Setting effects"
        case .peer: "Python peer"
        case .engines: "Engines"
        case .search: "Search levels"
        }
    }

    public static func < (lhs: BenchmarkSection, rhs: BenchmarkSection) -> Bool { lhs.number < rhs.number }
}
