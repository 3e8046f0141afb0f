import ASRContracts
import ASRRuntime
import Foundation

/// Real recorded speech with transcripts from Debian's `pocketsphinx-testdata`.
enum TestCorpus {
    static let directory = URL(fileURLWithPath: "/usr/share/pocketsphinx/test/data", isDirectory: true)

    /// "go forward ten meters", raw 16 kHz s16le mono.
    static func goForward() throws -> PCMAudio {
        try PCMAudio(s16le: Data(contentsOf: directory.appendingPathComponent("goforward.raw")))
    }

    /// Spoken playing cards (5 WAVs), references from `cards/cards.transcription`.
    static func cards() throws -> [CorpusUtterance] {
        try load("cards", transcription: "cards.transcription")
    }

    /// The JSGF grammar the cards were recorded for.
    static var cardsGrammar: String { directory.appendingPathComponent("cards/cards.gram").path }

    /// Read book sentences (5 WAVs, 3–7 s each), references from `librivox/transcription`.
    static func librivox() throws -> [CorpusUtterance] {
        try load("librivox", transcription: "transcription")
    }

    private static func load(_ folder: String, transcription: String) throws -> [CorpusUtterance] {
        let folderURL = directory.appendingPathComponent(folder, isDirectory: true)
        let text = try String(contentsOf: folderURL.appendingPathComponent(transcription), encoding: .utf8)
        return try ReferenceTranscript.parse(text).map { line in
            let bytes = try Data(contentsOf: folderURL.appendingPathComponent(line.id + ".wav"))
            return CorpusUtterance(id: line.id, reference: line.text, audio: try WAVDecoder.decode(bytes))
        }
    }
}
