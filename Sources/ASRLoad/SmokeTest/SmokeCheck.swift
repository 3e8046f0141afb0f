/// One check of `asrctl test quick|simple`, or one target compared with what was measured.
public struct SmokeCheck: Codable, Sendable, Equatable {
    public var name: String
    public var passed: Bool
    public var detail: String
    /// What was measured, when it is a figure (seconds, MB, …).
    public var measured: Double?
    /// The guide's target, when this is a target.
    public var target: Double?
    /// Targets are reported as met or missed; only functional checks fail a run (unless strict).
    public var isTarget: Bool

    public init(name: String, passed: Bool, detail: String, measured: Double? = nil, target: Double? = nil, isTarget: Bool = false) {
        self.name = name
        self.passed = passed
        self.detail = detail
        self.measured = measured
        self.target = target
        self.isTarget = isTarget
    }
}
