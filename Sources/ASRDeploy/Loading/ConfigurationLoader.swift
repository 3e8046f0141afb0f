import ASRContracts
import Foundation

/// Layers configuration sources into an `EffectiveConfiguration`:
/// built-in defaults < profile files < preset < `--values` files < `--set` arguments. A preset's
/// engine-specific values apply only to engines that serve requests (`PresetEngineScope`); an
/// engine service fills in the upstream settings left out (`EngineServiceDefaults`).
public enum ConfigurationLoader {
    /// Loads and validates. Throws every error at once (and, with `strict`, every warning),
    /// each naming file:line:column, the key and what is allowed.
    public static func load(_ request: ConfigurationRequest) throws -> EffectiveConfiguration {
        var values: LayeredValues = [:]
        var diagnostics: [Diagnostic] = []

        func apply(_ document: LoadedDocument, _ source: (SourceLocation) -> ConfigSource) {
            diagnostics += document.diagnostics
            for assignment in document.assignments {
                let location = assignment.location ?? SourceLocation(file: document.file, line: 1, column: 1)
                values[assignment.settingID] = (assignment.value, source(location))
            }
        }

        for file in request.profileFiles {
            apply(try LoadedDocument.read(file, displayPath: displayPath(file)), ConfigSource.profile)
        }
        let beneathPreset = values
        var presetName: String?
        if let presetFile = request.presetFile {
            let name = presetFile.deletingPathExtension().lastPathComponent
            presetName = name
            apply(try LoadedDocument.read(presetFile, displayPath: displayPath(presetFile))) { .preset(name: name, $0) }
        }
        for file in request.valuesFiles {
            apply(try LoadedDocument.read(file, displayPath: displayPath(file)), ConfigSource.values)
        }
        for argument in request.overrides {
            switch parseOverride(argument) {
            case .success(let (id, value)): values[id] = (value, .commandLine(argument))
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }

        diagnostics += PresetEngineScope.apply(&values, beneathPreset: beneathPreset)
        EngineServiceDefaults.derive(&values)

        let entries = SettingsCatalog.all.map { setting in
            if let (value, source) = values[setting.id] {
                return ConfigurationEntry(setting: setting, value: value, source: source)
            }
            return ConfigurationEntry(setting: setting, value: setting.defaultValue, source: .builtInDefault)
        }
        var configuration = EffectiveConfiguration(entries: entries, diagnostics: diagnostics, presetName: presetName)
        diagnostics += CrossChecks.evaluate(configuration)
        configuration = EffectiveConfiguration(entries: entries, diagnostics: diagnostics.filter { $0.severity != .error }, presetName: presetName)

        let failing = diagnostics.filter { $0.severity == .error || (request.strict && $0.severity == .warning) }
        guard failing.isEmpty else { throw ConfigurationError(failing) }
        return configuration
    }

    /// `KEY=VALUE` with KEY an `ASR_*` setting or a dotted setting id such as `container.cpus_limit`.
    static func parseOverride(_ argument: String) -> Result<(String, SettingValue), Diagnostic> {
        let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else {
            return .failure(Diagnostic(.error, at: nil, key: argument, "--set takes KEY=VALUE, e.g. --set ASR_QUEUE_SIZE=80"))
        }
        let id = String(parts[0])
        guard let setting = SettingsCatalog.setting(id) else {
            let close = SettingsCatalog.suggestions(for: id)
            let hint = close.isEmpty ? "; `asrctl config --explain` lists them" : "; did you mean \(close.joined(separator: " or "))?"
            return .failure(Diagnostic(.error, at: nil, key: id, "unknown setting in --set\(hint)"))
        }
        do {
            return .success((id, try setting.parse(String(parts[1]))))
        } catch {
            return .failure(Diagnostic(.error, at: nil, key: id, "--set: \(error)"))
        }
    }

    /// `path` relative to the current directory when it is below it, for shorter messages.
    static func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }
}
