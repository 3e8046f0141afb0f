import ASRDeploy
import Foundation
import Testing

/// `asrctl analyze` on a recorded log: alert counts, per-period trends, the guide's text log,
/// and a self-contained HTML report whose charts carry the data.
@Suite struct MonitorAnalysisTests {
    /// Two hours of one-minute samples: memory climbing, latency spiking in the second hour,
    /// an outage of three cycles, and alerts where the thresholds were crossed.
    static func recordedLog() throws -> String {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var lines: [String] = []
        for minute in 0..<120 {
            let time = start.addingTimeInterval(Double(minute) * 60)
            let down = (70..<73).contains(minute)
            let latency = minute >= 60 ? 1.2 + Double(minute % 5) * 0.1 : 0.25 + Double(minute % 3) * 0.01
            let memory = 800 + Double(minute) * 6
            var sample = MonitorSample(
                timestamp: time,
                url: "http://127.0.0.1:8001",
                service: .init(up: !down, status: down ? nil : "healthy", httpStatus: down ? nil : 200, error: down ? "refused" : nil),
                asr: down
                    ? nil
                    : .init(
                        totalRequests: minute * 120,
                        intervalRequests: 120,
                        intervalAverageLatency: latency,
                        latencyP95: latency * 1.5,
                        intervalCacheHitRate: 0.3,
                        cacheHitRate: 0.3,
                        intervalErrorRate: 0,
                        currentConcurrent: 3,
                        maxConcurrent: 20,
                        queued: 1,
                        rejected: 0,
                        serviceMemoryMB: memory,
                        memoryLevel: "normal",
                        redis: "connected"
                    ),
                host: HostSample(cpuPercent: 40, memoryUsedMB: 3000, memoryTotalMB: 8000, diskFreeGB: 50, diskUsedPercent: 40),
                alerts: []
            )
            sample.alerts = ServiceMonitor.alerts(
                for: sample,
                thresholds: AlertThresholds(
                    responseTime: 1.0,
                    cacheHitRate: 0.1,
                    serviceMemoryMB: 1400,
                    cpuPercent: 90,
                    errorRate: 0.05
                )
            )
            lines.append(try sample.jsonLine())
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func alertsAreCountedByKindWithFirstAndLast() throws {
        let analysis = MonitorAnalysis(log: MonitorLog(text: try Self.recordedLog()))
        #expect(analysis.sampleCount == 120)
        let byKind = Dictionary(uniqueKeysWithValues: analysis.alerts.map { ($0.kind, $0) })
        #expect(byKind["service_down"]?.count == 3)
        #expect(byKind["response_time"]?.count == 57)  // minutes 60..<120 minus the 3 down
        let firstMemory = Date(timeIntervalSince1970: 1_800_000_000 + 101 * 60)  // 800 + 6·101 > 1400
        #expect(byKind["service_memory"]?.first == firstMemory)
        #expect(byKind["service_memory"]?.count == 19)
    }

    @Test func trendsArePerPeriod() throws {
        let analysis = MonitorAnalysis(log: MonitorLog(text: try Self.recordedLog()))
        #expect(analysis.periodSeconds == 300)  // a 2 h span → 5-minute periods (at most ~24)
        #expect(analysis.periods.count == 24)
        let first = try #require(analysis.periods.first?.metrics["latency"])
        let last = try #require(analysis.periods.last?.metrics["latency"])
        #expect(first.max < 0.3)
        #expect(last.median >= 1.2)
        #expect(analysis.periods.first?.metrics["service_memory"]?.min == 800)
        // 120 requests per 60 s.
        #expect(analysis.periods.first?.metrics["throughput"]?.median == 2)
        #expect(analysis.periods.contains { $0.serviceDown == 3 })
        #expect(analysis.summary().contains("trends per 5 min"))
    }

    @Test func sinceDropsOlderSamples() throws {
        let cutoff = Date(timeIntervalSince1970: 1_800_000_000 + 100 * 60)
        let analysis = MonitorAnalysis(log: MonitorLog(text: try Self.recordedLog(), since: cutoff))
        #expect(analysis.sampleCount == 20)
    }

    @Test func readsTheGuidesTextLog() {
        let text = """
            2024-12-01 10:00:00 - INFO - 监控周期完成
            2024-12-01 10:00:30 - WARNING - 告警: 内存使用过高: 1450MB
            2024-12-01 10:01:00 - WARNING - 告警: 平均响应时间过长: 1.35秒
            2024-12-01 10:01:30 - WARNING - 告警: 缓存命中率过低: 5.0%
            2024-12-01 10:02:00 - WARNING - 告警：内存使用过高: 1460MB
            """
        let log = MonitorLog(text: text)
        #expect(log.textAlerts.count == 4)
        #expect(log.skippedLines == 1)
        let analysis = MonitorAnalysis(log: log)
        let byKind = Dictionary(uniqueKeysWithValues: analysis.alerts.map { ($0.kind, $0.count) })
        #expect(byKind == ["service_memory": 2, "response_time": 1, "cache_hit_rate": 1])
    }

    @Test func htmlReportIsSelfContainedWithCharts() throws {
        let analysis = MonitorAnalysis(log: MonitorLog(text: try Self.recordedLog()))
        let html = AnalysisReport.html(analysis)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for metric in ["latency", "throughput", "service_memory", "cache_hit_rate", "cpu"] {
            #expect(html.contains("<svg id=\"chart-\(metric)\""), "chart \(metric)")
        }
        // One polyline point per sample in the memory chart (117 samples answered).
        let memoryChart = try #require(html.components(separatedBy: "<svg id=\"chart-service_memory\"").last?.components(separatedBy: "</svg>").first)
        let points = try #require(memoryChart.components(separatedBy: "points=\"").last?.components(separatedBy: "\"").first)
        #expect(points.split(separator: " ").count == 117)
        // No external assets: no scripts, stylesheets or images fetched from anywhere.
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("src="))
        #expect(html.contains("<td>service_down</td><td>3</td>"))
    }
}
