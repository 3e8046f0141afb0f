import ASRContracts

/// min / median / p95 / max of one metric over one period.
public struct TrendStatistics: Codable, Sendable, Equatable {
    public var count: Int
    public var min: Double
    public var median: Double
    public var p95: Double
    public var max: Double

    /// `nil` for no values.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        count = sorted.count
        min = sorted[0]
        median = sorted.nearestRank(0.5)
        p95 = sorted.nearestRank(0.95)
        max = sorted[sorted.count - 1]
    }
}
