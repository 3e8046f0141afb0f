import ASRRuntime

/// One recorded utterance of the PocketSphinx test corpora with what was said.
struct CorpusUtterance: Sendable {
    let id: String
    let reference: String
    let audio: PCMAudio
}
