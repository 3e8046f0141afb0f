import ASRDeploy
import ArgumentParser
import Foundation

/// `asrctl validate [FILE...]`: checks the effective configuration, or each given file on its
/// own, listing errors, warnings and keys that have no effect, each with file:line:column.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate the profiles (or the given YAML/Compose files) and list keys with no effect.",
        discussion: "Exit codes: 0 valid, 2 invalid (with --strict also on warnings)."
    )

    @OptionGroup var options: ProfileOptions

    @Argument(help: "Files to check on their own, over the built-in defaults (e.g. a fork's profile or docker-compose.yml).")
    var files: [String] = []

    func run() throws {
        if files.isEmpty {
            let config = try options.load(showNoEffect: true)
            summarize(
                config.diagnostics,
                what: "profiles in \(options.workspace.profilesDirectory.path)" + (config.presetName.map { " + preset \($0)" } ?? "")
            )
            return
        }
        var failed = false
        for file in files {
            let request = ConfigurationRequest(profileFiles: [URL(fileURLWithPath: file)], overrides: options.overrides, strict: options.strict)
            do {
                let config = try ConfigurationLoader.load(request)
                Diagnostics.print(config.diagnostics, includeNoEffect: true)
                summarize(config.diagnostics, what: file)
            } catch let error as ConfigurationError {
                Diagnostics.print(error.diagnostics, includeNoEffect: true)
                print("\(file): INVALID (\(error.diagnostics.count) problem(s))")
                failed = true
            }
        }
        if failed { throw ExitCode(ExitCodes.invalidConfiguration) }
    }

    private func summarize(_ diagnostics: [Diagnostic], what: String) {
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let noEffect = diagnostics.filter { $0.severity == .noEffect }.count
        print("\(what): valid, \(warnings) warning(s), \(noEffect) key(s) with no effect")
    }
}
