import ASRDeploy
import ArgumentParser
import Foundation

/// Options shared by every command that reads the configuration. Each value resolves as
/// command line > environment (`ASRCTL_PROFILES`, `ASRCTL_STATE_DIR`) > default.
struct ProfileOptions: ParsableArguments {
    @Option(help: "Directory with the profile YAML files and presets/ (env ASRCTL_PROFILES; default ./profiles).")
    var profiles: String?

    @Option(name: .customLong("state-dir"), help: "Directory where asrctl records the active preset (env ASRCTL_STATE_DIR; default ./.asrctl).")
    var stateDir: String?

    @Option(help: "Preset to apply instead of the active one; 'none' applies no preset.")
    var preset: String?

    @Option(name: .customLong("values"), help: "A YAML file of values layered over profiles and preset (repeatable).")
    var valuesFiles: [String] = []

    @Option(name: .customLong("set"), help: "KEY=VALUE override, e.g. ASR_QUEUE_SIZE=80 or container.cpus_limit=2 (repeatable).")
    var overrides: [String] = []

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    var workspace: Workspace {
        let environment = ProcessInfo.processInfo.environment
        return Workspace(
            profilesDirectory: URL(fileURLWithPath: profiles ?? environment["ASRCTL_PROFILES"] ?? "profiles"),
            stateDirectory: URL(fileURLWithPath: stateDir ?? environment["ASRCTL_STATE_DIR"] ?? ".asrctl")
        )
    }

    var valuesURLs: [URL] { valuesFiles.map { URL(fileURLWithPath: $0) } }

    /// The preset in force: `--preset` if given, else the one `asrctl tune` recorded.
    func effectivePreset() throws -> String? {
        if let preset { return preset == "none" ? nil : preset }
        return try workspace.loadState().activePreset
    }

    /// Loads the effective configuration, printing warnings to standard error; configuration
    /// errors are printed and end the command with exit code 2.
    func load(showNoEffect: Bool = false) throws -> EffectiveConfiguration {
        do {
            let request = try workspace.request(
                preset: effectivePreset(),
                valuesFiles: valuesURLs,
                overrides: overrides,
                strict: strict
            )
            let configuration = try ConfigurationLoader.load(request)
            Diagnostics.print(configuration.diagnostics, includeNoEffect: showNoEffect)
            return configuration
        } catch let error as ConfigurationError {
            Diagnostics.print(error.diagnostics, includeNoEffect: true)
            throw ExitCode(ExitCodes.invalidConfiguration)
        }
    }
}
