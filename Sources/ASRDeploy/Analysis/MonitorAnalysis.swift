import Foundation

/// What `asrctl analyze` finds in a monitor log: alerts by kind and when they fired, and
/// per-period trends of latency, throughput, service memory, hit rate and CPU.
public struct MonitorAnalysis: Codable, Sendable {
    /// How often one kind of alert fired.
    public struct AlertCount: Codable, Sendable, Equatable {
        public var kind: String
        public var count: Int
        public var first: Date?
        public var last: Date?
    }

    /// One period's statistics per metric.
    public struct Period: Codable, Sendable {
        public var start: Date
        public var samples: Int
        public var serviceDown: Int
        package var metrics: [String: TrendStatistics]
    }

    /// The metrics tracked, with their units, in report order.
    public static let metrics: [(key: String, title: String, unit: String)] = [
        ("latency", "Average recognition time", "s"),
        ("throughput", "Throughput", "req/s"),
        ("service_memory", "Service memory (RSS)", "MB"),
        ("cache_hit_rate", "Cache hit rate", "%"),
        ("cpu", "Host CPU", "%"),
    ]

    public var from: Date?
    public var to: Date?
    public var sampleCount: Int
    public var periodSeconds: Int
    public var alerts: [AlertCount]
    public var periods: [Period]
    /// Every sample's value per metric, for charts: metric → [(time, value)].
    public var series: [String: [SeriesPoint]]

    /// One point of a chart series.
    public struct SeriesPoint: Codable, Sendable, Equatable {
        public var time: Date
        public var value: Double
    }

    public init(log: MonitorLog, periodSeconds requested: Int? = nil) {
        let samples = log.samples
        from = samples.first?.timestamp ?? log.textAlerts.compactMap(\.timestamp).min()
        to = samples.last?.timestamp ?? log.textAlerts.compactMap(\.timestamp).max()
        sampleCount = samples.count
        let span = Int((to?.timeIntervalSince(from ?? Date()) ?? 0).rounded(.up))
        periodSeconds = requested ?? Self.periodLength(forSpan: span)

        var byKind: [String: AlertCount] = [:]
        func count(_ kind: String, _ time: Date?) {
            var entry = byKind[kind] ?? AlertCount(kind: kind, count: 0, first: nil, last: nil)
            entry.count += 1
            if let time {
                entry.first = min(entry.first ?? time, time)
                entry.last = max(entry.last ?? time, time)
            }
            byKind[kind] = entry
        }
        for sample in samples { for alert in sample.alerts { count(alert.kind.rawValue, sample.timestamp) } }
        for alert in log.textAlerts { count(alert.kind, alert.timestamp) }
        alerts = byKind.values.sorted { ($0.count, $1.kind) > ($1.count, $0.kind) }

        var series: [String: [SeriesPoint]] = [:]
        var previousTime: Date?
        for sample in samples {
            func add(_ key: String, _ value: Double?) {
                if let value { series[key, default: []].append(SeriesPoint(time: sample.timestamp, value: value)) }
            }
            if let asr = sample.asr {
                add("latency", asr.intervalAverageLatency)
                if let previousTime, sample.timestamp > previousTime {
                    add("throughput", Double(asr.intervalRequests) / sample.timestamp.timeIntervalSince(previousTime))
                }
                add("service_memory", asr.serviceMemoryMB)
                add("cache_hit_rate", asr.intervalCacheHitRate.map { $0 * 100 })
            }
            add("cpu", sample.host.cpuPercent)
            previousTime = sample.service.up ? sample.timestamp : nil
        }
        self.series = series

        var periods: [Period] = []
        if let from {
            let length = TimeInterval(periodSeconds)
            let grouped = Dictionary(grouping: samples) { Int($0.timestamp.timeIntervalSince(from) / length) }
            for index in grouped.keys.sorted() {
                let start = from.addingTimeInterval(Double(index) * length)
                let end = start.addingTimeInterval(length)
                var metrics: [String: TrendStatistics] = [:]
                for (key, points) in series {
                    let values = points.filter { $0.time >= start && $0.time < end }.map(\.value)
                    if let stats = TrendStatistics(values) { metrics[key] = stats }
                }
                let group = grouped[index] ?? []
                periods.append(
                    Period(
                        start: start,
                        samples: group.count,
                        serviceDown: group.filter { !$0.service.up }.count,
                        metrics: metrics
                    )
                )
            }
        }
        self.periods = periods
    }

    /// A period length giving at most about 24 periods: 1 min, 5 min, 15 min, 1 h, 6 h or 1 day.
    static func periodLength(forSpan span: Int) -> Int {
        for candidate in [60, 300, 900, 3600, 21600] where span / candidate <= 24 { return candidate }
        return 86400
    }

    /// The plain-text summary.
    public func summary() -> String {
        let iso = ISO8601DateFormatter()
        var lines: [String] = []
        lines.append(
            "monitor log: \(sampleCount) sample(s)" + (from.map { " from \(iso.string(from: $0))" } ?? "")
                + (to.map { " to \(iso.string(from: $0))" } ?? "")
        )
        lines.append("")
        if alerts.isEmpty {
            lines.append("alerts: none")
        } else {
            lines.append("alerts:")
            for alert in alerts {
                let when = [alert.first, alert.last].compactMap { $0 }.map { iso.string(from: $0) }
                lines.append(
                    "  \(alert.kind.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(alert.count).padding(toLength: 5, withPad: " ", startingAt: 0))"
                        + (when.isEmpty ? "" : " first \(when[0])  last \(when.last!)")
                )
            }
        }
        lines.append("")
        lines.append("trends per \(periodSeconds / 60) min (min / median / p95 / max):")
        for (key, title, unit) in Self.metrics {
            lines.append("  \(title) [\(unit)]")
            for period in periods {
                guard let stats = period.metrics[key] else { continue }
                lines.append(
                    String(
                        format: "    %@  %10.3f %10.3f %10.3f %10.3f",
                        iso.string(from: period.start),
                        stats.min,
                        stats.median,
                        stats.p95,
                        stats.max
                    )
                )
            }
        }
        return lines.joined(separator: "\n")
    }
}
