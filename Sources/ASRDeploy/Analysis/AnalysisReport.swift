import Foundation

/// A self-contained HTML report of a `MonitorAnalysis`: inline CSS and SVG line charts, no
/// external assets, so it opens from disk in any browser.
public enum AnalysisReport {
    public static func html(_ analysis: MonitorAnalysis) -> String {
        let iso = ISO8601DateFormatter()
        var body = "<h1>ASR monitor report</h1>\n"
        body += "<p>\(analysis.sampleCount) samples"
        if let from = analysis.from, let to = analysis.to { body += " from \(iso.string(from: from)) to \(iso.string(from: to))" }
        body += "</p>\n<h2>Alerts</h2>\n"
        if analysis.alerts.isEmpty {
            body += "<p>None.</p>\n"
        } else {
            body += "<table><tr><th>kind</th><th>count</th><th>first</th><th>last</th></tr>\n"
            for alert in analysis.alerts {
                body +=
                    "<tr><td>\(escape(alert.kind))</td><td>\(alert.count)</td><td>\(alert.first.map(iso.string) ?? "")</td><td>\(alert.last.map(iso.string) ?? "")</td></tr>\n"
            }
            body += "</table>\n"
        }
        body += "<h2>Trends</h2>\n"
        for (key, title, unit) in MonitorAnalysis.metrics {
            let points = analysis.series[key] ?? []
            body += "<h3>\(escape(title)) (\(unit))</h3>\n"
            body += points.isEmpty ? "<p>No data.</p>\n" : chart(points, unit: unit, id: key) + "\n"
            body += periodTable(analysis, key: key)
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>ASR monitor report</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 960px; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; font-size: 0.9em; }
            th { background: #f3f3f3; } td:first-child { text-align: left; }
            svg { background: #fcfcfc; border: 1px solid #ddd; }
            </style></head><body>
            \(body)</body></html>

            """
    }

    /// An SVG line chart of `points` with axes and min/max labels.
    static func chart(_ points: [MonitorAnalysis.SeriesPoint], unit: String, id: String) -> String {
        let width = 720.0
        let height = 220.0
        let left = 60.0
        let right = 12.0
        let top = 12.0
        let bottom = 28.0
        let times = points.map { $0.time.timeIntervalSince1970 }
        let values = points.map(\.value)
        let tMin = times.min() ?? 0
        let tMax = max(times.max() ?? 1, tMin + 1)
        let vMin = min(0, values.min() ?? 0)
        let vMax = max(values.max() ?? 1, vMin + 1e-9) * 1.05
        func x(_ t: Double) -> Double { left + (t - tMin) / (tMax - tMin) * (width - left - right) }
        func y(_ v: Double) -> Double { top + (1 - (v - vMin) / (vMax - vMin)) * (height - top - bottom) }
        let path = zip(times, values).map { String(format: "%.1f,%.1f", x($0), y($1)) }.joined(separator: " ")
        let iso = ISO8601DateFormatter()
        var svg =
            "<svg id=\"chart-\(id)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        for fraction in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let v = vMin + (vMax - vMin) * fraction
            svg += String(format: "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>", left, y(v), width - right, y(v))
            svg += String(
                format: "<text x=\"%.0f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">%@</text>",
                left - 4,
                y(v) + 3,
                label(v)
            )
        }
        svg += String(
            format: "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#888\"/>",
            left,
            height - bottom,
            width - right,
            height - bottom
        )
        svg +=
            "<text x=\"\(Int(left))\" y=\"\(Int(height) - 8)\" font-size=\"10\" fill=\"#555\">\(iso.string(from: Date(timeIntervalSince1970: tMin)))</text>"
        svg +=
            "<text x=\"\(Int(width - right))\" y=\"\(Int(height) - 8)\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">\(iso.string(from: Date(timeIntervalSince1970: tMax)))</text>"
        svg += "<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"1.5\" points=\"\(path)\"/>"
        if points.count == 1, let only = points.first {
            svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1f6feb\"/>", x(only.time.timeIntervalSince1970), y(only.value))
        }
        svg += "<text x=\"\(Int(width - right))\" y=\"\(Int(top) + 10)\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">\(escape(unit))</text>"
        return svg + "</svg>"
    }

    static func periodTable(_ analysis: MonitorAnalysis, key: String) -> String {
        let iso = ISO8601DateFormatter()
        let rows = analysis.periods.compactMap { period -> String? in
            guard let s = period.metrics[key] else { return nil }
            return
                "<tr><td>\(iso.string(from: period.start))</td><td>\(s.count)</td><td>\(label(s.min))</td><td>\(label(s.median))</td><td>\(label(s.p95))</td><td>\(label(s.max))</td></tr>"
        }
        guard !rows.isEmpty else { return "" }
        return "<table><tr><th>period start</th><th>n</th><th>min</th><th>median</th><th>p95</th><th>max</th></tr>\n" + rows.joined(separator: "\n")
            + "\n</table>\n"
    }

    static func label(_ value: Double) -> String {
        abs(value) >= 100 ? String(format: "%.0f", value) : abs(value) >= 1 ? String(format: "%.2f", value) : String(format: "%.3f", value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
