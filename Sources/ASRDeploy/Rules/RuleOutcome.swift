/// What a settings rule concluded about one configuration.
struct RuleOutcome: Sendable, Equatable {
    /// What holds, with its figures: `check-host`'s PASS line when nothing was found.
    let summary: String
    /// What is wrong; empty when the rule holds.
    let findings: [RuleFinding]

    init(summary: String, findings: [RuleFinding] = []) {
        self.summary = summary
        self.findings = findings
    }
}
