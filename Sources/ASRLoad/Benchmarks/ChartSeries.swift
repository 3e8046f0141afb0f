/// One line of a `LoadChart`: a name for the legend, a colour, and (load, value) points.
package struct ChartSeries: Sendable, Equatable {
    package var name: String
    /// Any SVG colour, e.g. `#1f77b4`.
    package var color: String
    /// Drawn dashed (e.g. a reference such as the engine ceiling).
    package var dashed: Bool
    package var points: [(x: Double, y: Double)]

    package init(name: String, color: String, dashed: Bool = false, points: [(x: Double, y: Double)]) {
        self.name = name
        self.color = color
        self.dashed = dashed
        self.points = points
    }

    package static func == (lhs: ChartSeries, rhs: ChartSeries) -> Bool {
        lhs.name == rhs.name && lhs.color == rhs.color && lhs.dashed == rhs.dashed
            && lhs.points.map(\.x) == rhs.points.map(\.x) && lhs.points.map(\.y) == rhs.points.map(\.y)
    }
}
