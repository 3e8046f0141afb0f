import ASRContracts

/// Percentiles of a set of latencies, in milliseconds (nearest rank, as everywhere in asrctl).
package struct LatencyPercentiles: Codable, Sendable, Equatable {
    package var count: Int
    package var meanMs: Double
    package var p50Ms: Double
    package var p95Ms: Double
    package var p99Ms: Double
    package var maxMs: Double

    enum CodingKeys: String, CodingKey {
        case count
        case meanMs = "mean_ms"
        case p50Ms = "p50_ms"
        case p95Ms = "p95_ms"
        case p99Ms = "p99_ms"
        case maxMs = "max_ms"
    }

    package init(count: Int, meanMs: Double, p50Ms: Double, p95Ms: Double, p99Ms: Double, maxMs: Double) {
        self.count = count
        self.meanMs = meanMs
        self.p50Ms = p50Ms
        self.p95Ms = p95Ms
        self.p99Ms = p99Ms
        self.maxMs = maxMs
    }

    /// The percentiles of `seconds` (any order), or nil when there are none.
    package init?(seconds: [Double]) {
        guard !seconds.isEmpty else { return nil }
        let sorted = seconds.sorted()
        count = sorted.count
        meanMs = sorted.reduce(0, +) / Double(sorted.count) * 1000
        p50Ms = sorted.nearestRank(0.50) * 1000
        p95Ms = sorted.nearestRank(0.95) * 1000
        p99Ms = sorted.nearestRank(0.99) * 1000
        maxMs = sorted[sorted.count - 1] * 1000
    }
}
