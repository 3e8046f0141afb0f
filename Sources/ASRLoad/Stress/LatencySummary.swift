import ASRContracts

/// Percentiles of end-of-speech → `stt` latencies, in seconds (nearest rank).
package struct LatencySummary: Codable, Sendable, Equatable {
    package var count: Int
    package var mean: Double
    package var p50: Double
    package var p95: Double
    package var p99: Double
    package var max: Double

    /// nil for no values.
    package init?(_ values: [Double]) {
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
