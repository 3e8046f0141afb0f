import ASRContracts

/// The most recent latencies (a ring buffer), for percentiles that follow current load.
struct LatencyWindow {
    private var samples: [Double]
    private var next = 0
    private(set) var filled = 0

    init(capacity: Int = 4096) {
        samples = Array(repeating: 0, count: capacity)
    }

    mutating func record(_ seconds: Double) {
        samples[next] = seconds
        next = (next + 1) % samples.count
        filled = min(filled + 1, samples.count)
    }

    /// Percentiles (0...1) by nearest rank; zeros when empty.
    func percentiles(_ ranks: [Double]) -> [Double] {
        guard filled > 0 else { return ranks.map { _ in 0 } }
        let sorted = samples[0..<filled].sorted()
        return ranks.map { sorted.nearestRank($0) }
    }
}
