import ASRContracts

/// One PocketSphinx option set the search sweep (§9) measures: a named level of
/// `ASR_SEARCH_LEVEL`, or another set tried beside them.
package struct SearchCandidate: Codable, Sendable, Equatable {
    /// `accurate`, `balanced`, `fast`, or a short description of the options.
    package var name: String
    /// PocketSphinx options added to the model's command line (streams add `-fwdflat no`).
    /// The sweep's decoders share one language model, read with the first decoder's weights,
    /// so no candidate may change `-lw`, `-wip` or `-logbase`.
    package var arguments: [String]
    /// The level these are the options of, if any.
    package var level: SearchLevel?

    package init(name: String, arguments: [String], level: SearchLevel? = nil) {
        self.name = name
        self.arguments = arguments
        self.level = level
    }

    /// The candidate for `level`, with the options the runtime uses for it.
    package init(level: SearchLevel) {
        self.init(name: level.rawValue, arguments: level.pocketSphinxArguments, level: level)
    }

    /// The options as a command line fragment, or `(model defaults)`.
    package var optionsText: String { arguments.isEmpty ? "(model defaults)" : arguments.joined(separator: " ") }
}
