import Foundation

/// The monitor's terminal dashboard: service, ASR figures, resources, active alerts.
public enum MonitorDashboard {
    /// The dashboard as lines of text (no terminal control codes).
    public static func render(_ sample: MonitorSample, thresholds: AlertThresholds, cycle: Int) -> String {
        func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
        let time = ISO8601DateFormatter().string(from: sample.timestamp)
        var lines = ["asrctl monitor — \(sample.url) — cycle \(cycle) — \(time)", ""]
        if sample.service.up {
            lines.append("SERVICE   up (\(sample.service.status ?? "?"), HTTP \(sample.service.httpStatus ?? 0))")
        } else {
            lines.append("SERVICE   DOWN — \(sample.service.error ?? "no answer")")
        }
        if let asr = sample.asr {
            lines.append(
                "ASR       requests \(asr.totalRequests) (+\(asr.intervalRequests))   "
                    + "avg \(asr.intervalAverageLatency.map { f($0, 3) + " s" } ?? "–")   p95 \(f(asr.latencyP95, 3)) s   "
                    + "hit rate \(asr.intervalCacheHitRate.map { f($0 * 100) + " %" } ?? "–") (all \(f(asr.cacheHitRate * 100)) %)"
            )
            lines.append(
                "          open \(asr.currentConcurrent)/\(asr.maxConcurrent)   queued \(asr.queued)   rejected \(asr.rejected)   "
                    + "errors \(asr.intervalErrorRate.map { f($0 * 100) + " %" } ?? "–")   redis \(asr.redis)"
            )
            lines.append(
                "          service memory \(f(asr.serviceMemoryMB, 0)) MB (\(asr.memoryLevel); alert at \(f(thresholds.serviceMemoryMB, 0)) MB)"
            )
        }
        let host = sample.host
        lines.append(
            "HOST      CPU \(f(host.cpuPercent)) %   memory \(f(host.memoryUsedMB, 0))/\(f(host.memoryTotalMB, 0)) MB   "
                + "disk \(f(host.diskFreeGB)) GB free (\(f(host.diskUsedPercent)) % used)"
        )
        lines.append("")
        if sample.alerts.isEmpty {
            lines.append("ALERTS    none")
        } else {
            lines.append("ALERTS    \(sample.alerts.count)")
            for alert in sample.alerts { lines.append("  ! \(alert.message)") }
        }
        return lines.joined(separator: "\n")
    }
}
