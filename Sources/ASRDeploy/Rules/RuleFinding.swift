/// One thing a settings rule found wrong: how bad, at which setting, what, and what to do.
struct RuleFinding: Sendable, Equatable {
    /// `.warn`: it runs, but not as configured (threads that cannot work, a thin margin).
    /// `.fail`: it will not start or will not hold.
    let status: HostCheckStatus
    /// The setting it is about: `validate` reports it under this id, at the file location the
    /// value came from (or, when that came from no file, at the first of `related` that did).
    let setting: String
    let related: [String]
    /// What was found, with the figures compared.
    let message: String
    /// What to do about it.
    let hint: String
    /// How `validate` reports it: an error (the configuration does not load) for `.fail`, a
    /// warning for `.warn`, unless the rule says why not where it makes the finding.
    let validateSeverity: Diagnostic.Severity

    init(
        _ status: HostCheckStatus,
        at setting: String,
        related: [String] = [],
        _ message: String,
        hint: String,
        whenValidating validateSeverity: Diagnostic.Severity? = nil
    ) {
        self.status = status
        self.setting = setting
        self.related = related
        self.message = message
        self.hint = hint
        self.validateSeverity = validateSeverity ?? (status == .fail ? .error : .warning)
    }
}
