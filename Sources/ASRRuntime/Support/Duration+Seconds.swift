extension Duration {
    /// The duration in seconds, for latencies, timeouts and rates.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
