import ASRContracts

/// min / median / p95 / max of one metric over one period.
package struct TrendStatistics: Codable, Sendable, Equatable {
    package var count: Int
    package var min: Double
    package var median: Double
    package var p95: Double
    package var max: Double

    /// `nil` for no values.
    package init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        count = sorted.count
        min = sorted[0]
        median = sorted.nearestRank(0.5)
        p95 = sorted.nearestRank(0.95)
        max = sorted[sorted.count - 1]
    }
}
