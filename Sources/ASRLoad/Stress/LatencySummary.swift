import ASRContracts

/// Percentiles of end-of-speech → `stt` latencies, in seconds (nearest rank).
public struct LatencySummary: Codable, Sendable, Equatable {
    public var count: Int
    public var mean: Double
    public var p50: Double
    public var p95: Double
    public var p99: Double
    public var max: Double

    /// nil for no values.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        count = sorted.count
        mean = sorted.reduce(0, +) / Double(sorted.count)
        p50 = sorted.nearestRank(0.50)
        p95 = sorted.nearestRank(0.95)
        p99 = sorted.nearestRank(0.99)
        max = sorted[sorted.count - 1]
    }
}
