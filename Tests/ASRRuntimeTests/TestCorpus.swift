import ASRLoad
import ASRRuntime
import Foundation
import Testing

/// Real recorded speech with transcripts from Debian's `pocketsphinx-testdata`, read once by
/// the load generator's `SpeechCorpus` (the one corpus loader) and sliced into its sets.
enum TestCorpus {
    static let directory = SpeechCorpus.defaultDirectory

    private static let corpus = Result { () throws(SpeechCorpusError) in try SpeechCorpus.load() }

    /// "go forward ten meters", raw 16 kHz s16le mono.
    static func goForward() throws -> PCMAudio {
        try #require(try utterances(in: nil).first { $0.id == "goforward" }).audio
    }

    /// Every recording with its transcript: goforward, then the cards, then librivox.
    static func all() throws -> [CorpusUtterance] { try utterances(in: nil) }

    /// Spoken playing cards (5 WAVs), references from `cards/cards.transcription`.
    static func cards() throws -> [CorpusUtterance] { try utterances(in: "cards") }

    /// The JSGF grammar the cards were recorded for.
    static var cardsGrammar: String { directory.appendingPathComponent("cards/cards.gram").path }

    /// Read book sentences (5 WAVs, 3–7 s each), references from `librivox/transcription`.
    static func librivox() throws -> [CorpusUtterance] { try utterances(in: "librivox") }

    /// The utterances whose recording lies in `folder`, or all of them.
    private static func utterances(in folder: String?) throws -> [CorpusUtterance] {
        let all = try corpus.get().utterances
        guard let folder else { return all }
        return all.filter { $0.file.deletingLastPathComponent().lastPathComponent == folder }
    }
}
