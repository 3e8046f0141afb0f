/// Section 6: what each knob changes, measured setting against setting in one run.
public struct KnobEffectsResult: Codable, Sendable, Equatable {
    public var settings: [KnobSetting]
    /// One plain sentence per knob: what it changed (or that it changed nothing).
    public var findings: [String: String]

    public init(settings: [KnobSetting], findings: [String: String]) {
        self.settings = settings
        self.findings = findings
    }

    /// The settings of one knob, in the order measured.
    public func settings(of knob: String) -> [KnobSetting] { settings.filter { $0.knob == knob } }
}
