/// The host's resources at one moment, as the monitor records them.
package struct HostSample: Codable, Sendable, Equatable {
    /// Busy share of all CPUs since the previous sample, percent.
    package var cpuPercent: Double
    package var memoryUsedMB: Double
    package var memoryTotalMB: Double
    package var diskFreeGB: Double
    package var diskUsedPercent: Double

    package init(cpuPercent: Double, memoryUsedMB: Double, memoryTotalMB: Double, diskFreeGB: Double, diskUsedPercent: Double) {
        self.cpuPercent = cpuPercent
        self.memoryUsedMB = memoryUsedMB
        self.memoryTotalMB = memoryTotalMB
        self.diskFreeGB = diskFreeGB
        self.diskUsedPercent = diskUsedPercent
    }

    enum CodingKeys: String, CodingKey {
        case cpuPercent = "cpu_percent"
        case memoryUsedMB = "memory_used_mb"
        case memoryTotalMB = "memory_total_mb"
        case diskFreeGB = "disk_free_gb"
        case diskUsedPercent = "disk_used_percent"
    }
}
