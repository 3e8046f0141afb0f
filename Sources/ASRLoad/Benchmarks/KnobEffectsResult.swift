/// Section 6: what each knob changes, measured setting against setting in one run.
package struct KnobEffectsResult: Codable, Sendable, Equatable {
    package var settings: [KnobSetting]
    /// One plain sentence per knob: what it changed (or that it changed nothing).
    package var findings: [String: String]

    package init(settings: [KnobSetting], findings: [String: String]) {
        self.settings = settings
        self.findings = findings
    }

    /// The settings of one knob, in the order measured.
    package func settings(of knob: String) -> [KnobSetting] { settings.filter { $0.knob == knob } }
}
