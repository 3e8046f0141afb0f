import Foundation

/// A self-contained SVG line chart of a figure against load (clients): no scripts, fonts or
/// external assets, so it renders the same on GitHub and from disk. The x axis is log₂-spaced
/// (load levels double); the y axis starts at 0.
package struct LoadChart: Sendable {
    package var title: String
    package var xLabel: String
    package var yLabel: String
    package var series: [ChartSeries]
    package var width = 720.0
    package var height = 420.0

    package init(title: String, xLabel: String, yLabel: String, series: [ChartSeries]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// The chart as an SVG document.
    package func svg() -> String {
        let left = 70.0
        let right = 180.0
        let top = 40.0
        let bottom = 55.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let xs = Set(series.flatMap { $0.points.map(\.x) }.filter { $0 > 0 }).sorted()
        let maxY = Self.niceCeiling(series.flatMap { $0.points.map(\.y) }.filter(\.isFinite).max() ?? 1)
        let lowX = log2(xs.first ?? 1)
        let highX = log2(xs.last ?? 2)
        func px(_ x: Double) -> Double {
            highX > lowX ? left + (log2(max(x, 1e-9)) - lowX) / (highX - lowX) * plotWidth : left + plotWidth / 2
        }
        func py(_ y: Double) -> Double { top + plotHeight - (maxY > 0 ? y / maxY : 0) * plotHeight }

        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(Self.f(width / 2))" y="22" text-anchor="middle" font-size="15" font-weight="bold">\(Self.escape(title))</text>

            """
        // Grid and y ticks.
        for step in 0...5 {
            let value = maxY * Double(step) / 5
            let y = py(value)
            out += "<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(y))\" x2=\"\(Self.f(left + plotWidth))\" y2=\"\(Self.f(y))\" stroke=\"#e0e0e0\"/>\n"
            out += "<text x=\"\(Self.f(left - 6))\" y=\"\(Self.f(y + 4))\" text-anchor=\"end\">\(Self.label(value))</text>\n"
        }
        for x in xs {
            out +=
                "<line x1=\"\(Self.f(px(x)))\" y1=\"\(Self.f(top + plotHeight))\" x2=\"\(Self.f(px(x)))\" y2=\"\(Self.f(top + plotHeight + 5))\" stroke=\"#333\"/>\n"
            out += "<text x=\"\(Self.f(px(x)))\" y=\"\(Self.f(top + plotHeight + 19))\" text-anchor=\"middle\">\(Self.label(x))</text>\n"
        }
        out +=
            "<rect x=\"\(Self.f(left))\" y=\"\(Self.f(top))\" width=\"\(Self.f(plotWidth))\" height=\"\(Self.f(plotHeight))\" fill=\"none\" stroke=\"#333\"/>\n"
        out += "<text x=\"\(Self.f(left + plotWidth / 2))\" y=\"\(Self.f(height - 12))\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
        out +=
            "<text x=\"16\" y=\"\(Self.f(top + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(Self.f(top + plotHeight / 2)))\">\(Self.escape(yLabel))</text>\n"
        // Lines, points and legend.
        for (index, line) in series.enumerated() {
            let points = line.points.filter { $0.x > 0 && $0.y.isFinite }.sorted { $0.x < $1.x }
            if !points.isEmpty {
                let path = points.map { "\(Self.f(px($0.x))),\(Self.f(py($0.y)))" }.joined(separator: " ")
                out +=
                    "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
                for point in points {
                    out +=
                        "<circle cx=\"\(Self.f(px(point.x)))\" cy=\"\(Self.f(py(point.y)))\" r=\"3\" fill=\"\(line.color)\"><title>\(Self.escape(line.name)): \(Self.label(point.y)) at \(Self.label(point.x))</title></circle>\n"
                }
            }
            let legendY = top + 10 + Double(index) * 20
            let legendX = left + plotWidth + 14
            out +=
                "<line x1=\"\(Self.f(legendX))\" y1=\"\(Self.f(legendY))\" x2=\"\(Self.f(legendX + 22))\" y2=\"\(Self.f(legendY))\" stroke=\"\(line.color)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
            out += "<text x=\"\(Self.f(legendX + 28))\" y=\"\(Self.f(legendY + 4))\">\(Self.escape(line.name))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// 1, 2 or 5 × a power of ten, at or above `value`.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func label(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e6 { return String(Int(value)) }
        return abs(value) >= 10 ? String(format: "%.0f", value) : String(format: "%.2g", value)
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
