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
        func rank(_ p: Double) -> Double { sorted[Swift.min(sorted.count - 1, Swift.max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))] }
        count = sorted.count
        min = sorted[0]
        median = rank(0.5)
        p95 = rank(0.95)
        max = sorted[sorted.count - 1]
    }
}
