import Foundation

/// Reads host CPU (from /proc/stat deltas), memory (/proc/meminfo) and disk (statvfs).
package final class HostSampler: @unchecked Sendable {
    // `previous` is only touched by the one monitor loop that owns this sampler.
    private var previous: (busy: UInt64, total: UInt64)?
    private let diskPath: String

    package init(diskPath: String) {
        self.diskPath = diskPath
    }

    /// A sample; the first call measures CPU over a short 200 ms window.
    package func sample() -> HostSample {
        if previous == nil {
            previous = Self.cpuTimes()
            Thread.sleep(forTimeInterval: 0.2)
        }
        var cpu = 0.0
        if let now = Self.cpuTimes(), let before = previous, now.total > before.total {
            cpu = Double(now.busy &- before.busy) / Double(now.total - before.total) * 100
            previous = now
        }
        let (used, total) = Self.memoryMB()
        var stats = statvfs()
        var freeGB = 0.0
        var usedPercent = 0.0
        if statvfs(diskPath, &stats) == 0, stats.f_blocks > 0 {
            let block = Double(stats.f_frsize)
            freeGB = Double(stats.f_bavail) * block / 1_073_741_824
            usedPercent = (1 - Double(stats.f_bavail) / Double(stats.f_blocks)) * 100
        }
        return HostSample(
            cpuPercent: cpu,
            memoryUsedMB: used,
            memoryTotalMB: total,
            diskFreeGB: freeGB,
            diskUsedPercent: usedPercent
        )
    }

    /// (busy, total) jiffies of the aggregate `cpu` line.
    static func cpuTimes() -> (busy: UInt64, total: UInt64)? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") })
        else { return nil }
        let values = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard values.count >= 5 else { return nil }
        let idle = values[3] + values[4]  // idle + iowait
        let total = values.reduce(0, +)
        return (total - idle, total)
    }

    /// (used, total) MB from MemTotal and MemAvailable.
    static func memoryMB() -> (Double, Double) {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return (0, 0) }
        func megabytes(_ field: String) -> Double { Double(HostProbe.meminfoBytes(field, in: text) ?? 0) / 1_048_576 }
        let total = megabytes("MemTotal")
        return (total - megabytes("MemAvailable"), total)
    }
}
