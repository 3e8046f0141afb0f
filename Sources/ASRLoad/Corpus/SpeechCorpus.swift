import ASRContracts
import ASRRuntime
import Foundation

/// The recorded speech that load generation speaks and scores: pocketsphinx-testdata's
/// `goforward.raw` ("go forward ten meters"), then the `cards` and `librivox` sets in the order
/// of their transcription files, each with its transcript. The benchmarks send it as PCM, the
/// simulated devices as Opus, the smoke tests as WAV.
package struct SpeechCorpus: Sendable {
    package static let defaultDirectory = URL(fileURLWithPath: "/usr/share/pocketsphinx/test/data")

    package var utterances: [CorpusUtterance]

    package init(utterances: [CorpusUtterance]) {
        self.utterances = utterances
    }

    /// Seconds of audio over all utterances.
    package var totalSeconds: Double { utterances.reduce(0) { $0 + $1.seconds } }

    /// Loads every recording of the corpus.
    /// - Throws: `SpeechCorpusError` naming the missing or unreadable file.
    package static func load(from directory: URL = defaultDirectory) throws(SpeechCorpusError) -> SpeechCorpus {
        let goForward = directory.appendingPathComponent("goforward.raw")
        var utterances = [
            CorpusUtterance(
                id: "goforward",
                reference: "go forward ten meters",
                file: goForward,
                samples: try decode(goForward) { try PCMAudio(s16le: $0).samples }
            )
        ]
        for (folder, transcription) in [("cards", "cards.transcription"), ("librivox", "transcription")] {
            let url = directory.appendingPathComponent(folder).appendingPathComponent(transcription)
            let references = ReferenceTranscript.parse(String(decoding: try read(url), as: UTF8.self))
            guard !references.isEmpty else { throw SpeechCorpusError(message: "\(url.path) lists no utterances") }
            for reference in references {
                let wav = directory.appendingPathComponent(folder).appendingPathComponent("\(reference.id).wav")
                utterances.append(
                    CorpusUtterance(
                        id: reference.id,
                        reference: reference.text,
                        file: wav,
                        samples: try decode(wav) { try WAVDecoder.decode($0).samples }
                    )
                )
            }
        }
        return SpeechCorpus(utterances: utterances)
    }

    private static func decode(_ url: URL, _ body: (Data) throws -> [Int16]) throws(SpeechCorpusError) -> [Int16] {
        let data = try read(url)
        do {
            return try body(data)
        } catch {
            throw SpeechCorpusError(message: "\(url.path): \(error)")
        }
    }

    private static func read(_ url: URL) throws(SpeechCorpusError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw SpeechCorpusError(message: "\(url.path) cannot be read (apt-get install pocketsphinx-testdata): \(error.localizedDescription)")
        }
    }
}
