/// Where an effective setting value came from, lowest precedence first:
/// built-in default < profile file < active preset < `--values` file < `--set`; or, for a
/// setting none of those set, derived from other settings (`EngineServiceDefaults`).
package enum ConfigSource: Sendable, Hashable, CustomStringConvertible {
    case builtInDefault
    case profile(SourceLocation)
    case preset(name: String, SourceLocation)
    case values(SourceLocation)
    case commandLine(String)
    /// Not set anywhere, so derived: the text says from what (`engine_service.port`).
    case derived(String)

    package var description: String {
        switch self {
        case .builtInDefault: return "default"
        case .profile(let location): return "profile \(location)"
        case .preset(let name, let location): return "preset \(name) (\(location))"
        case .values(let location): return "values \(location)"
        case .commandLine(let argument): return "--set \(argument)"
        case .derived(let origin): return "derived from \(origin)"
        }
    }

    /// The file location, when the value came from a file.
    package var location: SourceLocation? {
        switch self {
        case .profile(let location), .preset(_, let location), .values(let location): return location
        case .builtInDefault, .commandLine, .derived: return nil
        }
    }
}
