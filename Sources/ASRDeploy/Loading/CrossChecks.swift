/// `validate`'s reading of the rules between settings (`SettingsRules`, which `check-host` applies
/// too): each finding becomes a diagnostic at the setting it is about. Knowing no host, it finds
/// only what the configuration alone shows; errors stop the configuration from loading.
enum CrossChecks {
    static func evaluate(_ config: EffectiveConfiguration) -> [Diagnostic] {
        diagnostics(of: config.typed) { config.entry($0)?.source.location }
    }

    /// - Parameter location: where a setting's value came from, if from a file.
    static func diagnostics(of configuration: DeploymentConfiguration, location: (String) -> SourceLocation?) -> [Diagnostic] {
        SettingsRules.all.flatMap { rule in
            (rule.evaluate(configuration, on: nil)?.findings ?? []).map { finding in
                Diagnostic(
                    finding.validateSeverity,
                    at: ([finding.setting] + finding.related).lazy.compactMap(location).first,
                    key: finding.setting,
                    finding.message,
                    hint: finding.hint
                )
            }
        }
    }
}
