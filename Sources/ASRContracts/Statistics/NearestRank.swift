extension Array where Element == Double {
    /// The nearest-rank `p` quantile (0…1) of an ascending, non-empty array.
    package func nearestRank(_ p: Double) -> Double {
        self[Swift.min(count - 1, Swift.max(0, Int((p * Double(count)).rounded(.up)) - 1))]
    }
}
