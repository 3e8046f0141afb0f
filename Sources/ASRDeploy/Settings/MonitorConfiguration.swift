import ASRContracts

/// `asrctl monitor`: how often it samples and when it alerts (`monitor.*`).
package struct MonitorConfiguration: Sendable, Equatable {
    /// Seconds between monitor cycles.
    package var interval: Int
    package var alerts: AlertThresholds

    init(reading settings: SettingReader) {
        interval = settings.integer("monitor.interval")
        alerts = AlertThresholds(
            responseTime: settings.decimal("monitor.alert_response_time"),
            cacheHitRate: settings.decimal("monitor.alert_cache_hit_rate"),
            serviceMemoryMB: Double(settings.integer("monitor.alert_memory_mb")),
            cpuPercent: settings.decimal("monitor.alert_cpu_percent"),
            errorRate: settings.decimal("monitor.alert_error_rate")
        )
    }
}
