/// Section 6: what each runtime setting changes, measured value against value in one run.
package struct SettingEffectsResult: Codable, Sendable, Equatable {
    package var trials: [SettingTrial]
    /// One plain sentence per setting: what it changed (or that it changed nothing).
    package var findings: [String: String]

    package init(trials: [SettingTrial], findings: [String: String]) {
        self.trials = trials
        self.findings = findings
    }

    /// The trials of one setting, in the order measured.
    package func trials(of setting: String) -> [SettingTrial] { trials.filter { $0.setting == setting } }
}
