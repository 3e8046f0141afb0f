/// One check of `asrctl test quick|simple`, or one target compared with what was measured.
package struct SmokeCheck: Codable, Sendable, Equatable {
    package var name: String
    package var passed: Bool
    package var detail: String
    /// What was measured, when it is a figure (seconds, MB, …).
    package var measured: Double?
    /// The guide's target, when this is a target.
    package var target: Double?
    /// Targets are reported as met or missed; only functional checks fail a run (unless strict).
    package var isTarget: Bool

    package init(name: String, passed: Bool, detail: String, measured: Double? = nil, target: Double? = nil, isTarget: Bool = false) {
        self.name = name
        self.passed = passed
        self.detail = detail
        self.measured = measured
        self.target = target
        self.isTarget = isTarget
    }
}
