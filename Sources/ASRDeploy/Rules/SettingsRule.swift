/// A rule between settings (DESIGN.md "Cross-checks worth making") that `asrctl validate` and
/// `asrctl check-host` both apply, with the same messages and hints. Validate judges the
/// configuration alone; check-host also knows the host's cores and memory, so a rule may find
/// more there (a cpuset naming CPUs the host lacks) — never something else.
protocol SettingsRule: Sendable {
    /// A stable id, `check-host`'s name for the check (`workers`, `redis-memory`).
    var id: String { get }
    /// What the rule checks, in one sentence.
    var checks: String { get }
    /// The rule applied to `configuration`, on `host` when it is known; `nil` when the rule does
    /// not apply (Redis checks with Redis off).
    func evaluate(_ configuration: DeploymentConfiguration, on host: HostResources?) -> RuleOutcome?
}
