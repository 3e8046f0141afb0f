/// Exit codes a script can rely on (also listed in README.md).
enum ExitCodes {
    /// The command did what was asked; checks passed (warnings allowed unless --strict).
    static let success: Int32 = 0
    /// A check failed: check-host found a FAIL, a dry run found differences, a remote copy failed.
    static let checkFailed: Int32 = 1
    /// The configuration is invalid: YAML syntax, type or range errors, failed cross-checks.
    static let invalidConfiguration: Int32 = 2
    /// Something the command needs is missing or broken (files, archives, external tools).
    static let operationFailed: Int32 = 3
}
