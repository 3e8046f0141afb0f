import Foundation

/// What to layer into an effective configuration.
public struct ConfigurationRequest: Sendable {
    /// Profile files, lowest precedence first (usually every `*.yaml` in the profiles directory).
    public var profileFiles: [URL]
    /// The preset file to apply over the profiles, if any.
    public var presetFile: URL?
    /// `--values` files, in the order given.
    public var valuesFiles: [URL]
    /// `--set KEY=VALUE` arguments, in the order given.
    public var overrides: [String]
    /// Treat warnings as errors.
    public var strict: Bool

    public init(profileFiles: [URL], presetFile: URL? = nil, valuesFiles: [URL] = [], overrides: [String] = [], strict: Bool = false) {
        self.profileFiles = profileFiles
        self.presetFile = presetFile
        self.valuesFiles = valuesFiles
        self.overrides = overrides
        self.strict = strict
    }
}
