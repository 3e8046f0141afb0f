import Foundation

/// Writes a run's files: BENCHMARKS.md in the output directory; `report.json`, one JSON per
/// section and the SVG charts under `bench/results/`.
package struct BenchmarkWriter: Sendable {
    package var directory: URL

    package init(directory: URL) {
        self.directory = directory
    }

    var results: URL { directory.appendingPathComponent("bench/results", isDirectory: true) }

    /// `bench/results/<name>.json`, pretty-printed with sorted keys (diffable run to run).
    package func writeJSON<Value: Encodable>(_ value: Value, name: String) throws {
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(value).write(to: results.appendingPathComponent("\(name).json"), options: .atomic)
    }

    /// Everything: the report JSON, the charts, BENCHMARKS.md.
    package func write(_ report: BenchmarkReport) throws {
        try writeJSON(report, name: "report")
        var charts: [String: String] = [:]
        for (name, chart) in Self.charts(for: report) {
            let file = results.appendingPathComponent("\(name).svg")
            try chart.svg().write(to: file, atomically: true, encoding: .utf8)
            charts[name] = "bench/results/\(name).svg"
        }
        let markdown = BenchmarkMarkdown(report: report, charts: charts).render()
        try markdown.write(to: directory.appendingPathComponent("BENCHMARKS.md"), atomically: true, encoding: .utf8)
    }

    /// Latency and throughput against clients, ours and the peer's, with the engine ceiling.
    package static func charts(for report: BenchmarkReport) -> [(String, LoadChart)] {
        guard let service = report.service else { return [] }
        let peerLevels = report.peer?.levels ?? []
        func series(
            _ name: String,
            _ color: String,
            _ levels: [LoadResult],
            dashed: Bool = false,
            _ value: (LoadResult) -> Double?
        ) -> ChartSeries? {
            let points = levels.compactMap { level in value(level).map { (x: Double(level.clients), y: $0) } }
            return points.isEmpty ? nil : ChartSeries(name: name, color: color, dashed: dashed, points: points)
        }
        let latency = LoadChart(
            title: "/asr/recognize latency against load (W = \(service.workers) decoders)",
            xLabel: "concurrent clients (closed loop)",
            yLabel: "latency (ms)",
            series: [
                series("asrctl p50", "#1f77b4", service.levels) { $0.latency?.p50Ms },
                series("asrctl p95", "#1f77b4", service.levels, dashed: true) { $0.latency?.p95Ms },
                series("asrctl p99", "#9ecae1", service.levels, dashed: true) { $0.latency?.p99Ms },
                series("python peer p50", "#d62728", peerLevels) { $0.latency?.p50Ms },
                series("python peer p95", "#d62728", peerLevels, dashed: true) { $0.latency?.p95Ms },
            ].compactMap { $0 }
        )
        var throughputSeries = [
            series("asrctl", "#1f77b4", service.levels) { $0.audioSecondsPerSecond },
            series("python peer", "#d62728", peerLevels) { $0.audioSecondsPerSecond },
        ].compactMap { $0 }
        if let ceiling = service.ceilingAudioSecondsPerSecond {
            throughputSeries.append(
                ChartSeries(
                    name: "engine ceiling (W)",
                    color: "#2ca02c",
                    dashed: true,
                    points: service.levels.map { (x: Double($0.clients), y: ceiling) }
                )
            )
        }
        let throughput = LoadChart(
            title: "Throughput against load (audio seconds decoded per second)",
            xLabel: "concurrent clients (closed loop)",
            yLabel: "audio-s/s (× real time)",
            series: throughputSeries
        )
        return [("latency", latency), ("throughput", throughput)]
    }
}
