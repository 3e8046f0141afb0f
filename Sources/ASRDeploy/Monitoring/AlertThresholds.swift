/// The monitor's alert thresholds (the guide's defaults, from the profile's monitoring.alerts;
/// `config.typed.monitor.alerts`).
public struct AlertThresholds: Sendable, Equatable {
    /// Seconds; alert when the average recognition time in the interval exceeds it.
    public var responseTime: Double
    /// 0...1; alert when the interval's cache hit rate falls below it (with enough requests).
    public var cacheHitRate: Double
    /// MB of the ASR service's own RSS.
    public var serviceMemoryMB: Double
    /// Percent of host CPU.
    public var cpuPercent: Double
    /// 0...1 share of failed requests in the interval.
    public var errorRate: Double
    /// Requests an interval needs before rates (hit rate, error rate) are judged.
    public var minimumRequestsForRates = 10

    public init(responseTime: Double, cacheHitRate: Double, serviceMemoryMB: Double, cpuPercent: Double, errorRate: Double) {
        self.responseTime = responseTime
        self.cacheHitRate = cacheHitRate
        self.serviceMemoryMB = serviceMemoryMB
        self.cpuPercent = cpuPercent
        self.errorRate = errorRate
    }
}
