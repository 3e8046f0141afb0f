/// One of the targets, with the figure measured and whether it was met.
package struct TargetCheck: Codable, Sendable, Equatable {
    package enum Status: String, Codable, Sendable {
        case met = "MET"
        case missed = "MISSED"
        case notMeasured = "NOT MEASURED"
    }

    package var section: BenchmarkSection
    /// The target as the issue states it.
    package var target: String
    /// The figure, with what it was compared to.
    package var figure: String
    package var status: Status

    package init(section: BenchmarkSection, target: String, figure: String, status: Status) {
        self.section = section
        self.target = target
        self.figure = figure
        self.status = status
    }

    /// `met` when `condition`, else `missed`; `notMeasured` when `condition` is nil.
    package init(section: BenchmarkSection, target: String, figure: String, met condition: Bool?) {
        self.init(
            section: section,
            target: target,
            figure: figure,
            status: condition.map { $0 ? .met : .missed } ?? .notMeasured
        )
    }
}
