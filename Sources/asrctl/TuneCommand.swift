import ASRDeploy
import ArgumentParser
import Foundation

/// `asrctl tune --profile high-load|low-load|memory-tight|network-latency [--dry-run]`,
/// `asrctl tune --auto --devices N`, `asrctl tune --reset`.
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Switch the active preset, showing each setting it changes (old → new).",
        discussion:
            "The active preset is recorded in the state directory and used by render and deploy. Your profile files are never rewritten; the previous state file is kept as state.json.bak.<time>."
    )

    @OptionGroup var options: ProfileOptions

    @Option(name: .customLong("profile"), help: "Preset to activate (see profiles/presets/).")
    var target: String?

    @Flag(help: "Pick the preset from --devices and the host's memory.")
    var auto = false

    @Option(help: "Devices that will talk at once (with --auto).")
    var devices: Int?

    @Option(name: .customLong("host-memory-mb"), help: "Host memory to assume with --auto (default: this host's).")
    var hostMemoryMB: Int?

    @Flag(help: "Go back to the base profiles (no preset).")
    var reset = false

    @Flag(name: .customLong("dry-run"), help: "Show the changes without recording anything.")
    var dryRun = false

    func validate() throws {
        let modes = [target != nil, auto, reset].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("give exactly one of --profile NAME, --auto --devices N, --reset") }
        if auto, devices == nil { throw ValidationError("--auto needs --devices N") }
        if let devices, devices < 1 { throw ValidationError("--devices must be at least 1") }
    }

    func run() throws {
        let workspace = options.workspace
        var preset = target
        var reason = target.map { "tune --profile \($0)" } ?? "tune --reset"
        if auto, let devices {
            let memoryMB = hostMemoryMB ?? Int(HostProbe.memoryBytes() >> 20)
            // The deployment as it is now (its engines, its engine service), read quietly: the
            // plan below reports the warnings of the configuration it leads to.
            let current = try loadingConfiguration {
                try ConfigurationLoader.load(
                    workspace.request(preset: workspace.loadState().activePreset, valuesFiles: options.valuesURLs, overrides: options.overrides)
                )
            }
            let choice = Tuner.autoSelect(devices: devices, hostMemoryMB: memoryMB, configuration: current.typed, workspace: workspace)
            print("auto: \(choice.preset ?? "base profile") — \(choice.reason)")
            preset = choice.preset
            reason = "tune --auto --devices \(devices): \(choice.reason)"
        }
        let plan = try loadingConfiguration {
            try TunePlan.make(workspace: workspace, to: preset, valuesFiles: options.valuesURLs, overrides: options.overrides)
        }
        print("preset: \(plan.fromPreset ?? "none") → \(plan.toPreset ?? "none")")
        if plan.changes.isEmpty { print("  no setting changes") }
        for change in plan.changes { print("  \(change.line)") }
        for note in plan.notApplied { print("  \(note.message)") }
        Diagnostics.print(plan.warnings, includeNoEffect: false)
        if options.strict, !plan.warnings.isEmpty { throw ExitCode(ExitCodes.invalidConfiguration) }
        if dryRun {
            print("dry run: nothing recorded")
            return
        }
        let backup = try Tuner.apply(plan, workspace: workspace, reason: reason)
        print("recorded in \(workspace.stateFile.path)" + (backup.map { " (previous state kept in \($0.path))" } ?? ""))
        print("next: asrctl render all, then asrctl deploy")
    }

    /// `body`, which loads configuration; its configuration errors are printed and end the
    /// command with exit code 2.
    private func loadingConfiguration<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as ConfigurationError {
            Diagnostics.print(error.diagnostics, includeNoEffect: false)
            throw ExitCode(ExitCodes.invalidConfiguration)
        }
    }
}
