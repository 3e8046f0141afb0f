/// What a PocketSphinx decoder searches for.
package enum PocketSphinxSearch: Sendable, Hashable {
    /// Open dictation with an n-gram language model (`-lm`, ARPA or `.lm.bin`).
    case languageModel(String)
    /// A JSGF grammar (`-jsgf`): only sentences of the grammar can be recognised.
    case grammar(String)
}
