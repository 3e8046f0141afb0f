import ASRRuntime
import Foundation

/// The real recorded speech simulated devices speak: `goforward.raw`, the cards set and the
/// librivox set from pocketsphinx-testdata, each with its transcript, encoded once as the
/// 60 ms Opus packets an ESP32 sends.
public struct StressCorpus: Sendable {
    /// The devices' `frame_duration`.
    public static let frameMilliseconds = 60
    public static let defaultDirectory = URL(fileURLWithPath: "/usr/share/pocketsphinx/test/data")

    public var utterances: [StressUtterance]

    /// Seconds of speech over all utterances.
    public var totalSeconds: Double { utterances.reduce(0) { $0 + $1.seconds } }

    public init(utterances: [StressUtterance]) {
        self.utterances = utterances
    }

    /// Loads and encodes the corpus.
    /// - Throws: `StressError.corpus` naming the missing or unreadable file.
    public static func load(from directory: URL = defaultDirectory) throws -> StressCorpus {
        var recordings: [(id: String, reference: String, samples: [Int16])] = []
        let goForward = directory.appendingPathComponent("goforward.raw")
        recordings.append(("goforward", "go forward ten meters", try PCMAudio(s16le: try read(goForward)).samples))
        for (folder, transcription) in [("cards", "cards.transcription"), ("librivox", "transcription")] {
            let url = directory.appendingPathComponent(folder).appendingPathComponent(transcription)
            let text = String(decoding: try read(url), as: UTF8.self)
            for reference in ReferenceTranscript.parse(text) {
                let wav = directory.appendingPathComponent(folder).appendingPathComponent("\(reference.id).wav")
                do {
                    recordings.append((reference.id, reference.text, try WAVDecoder.decode(try read(wav)).samples))
                } catch let error as AudioFormatError {
                    throw StressError.corpus("\(wav.path): \(error)")
                }
            }
        }
        let encoder: OpusEncoder
        do {
            // What xiaozhi-esp32 firmware sends: 16 kHz mono, 60 ms frames, low complexity.
            encoder = try OpusEncoder(frameDurationMilliseconds: frameMilliseconds, bitrate: 24_000, complexity: 5)
        } catch {
            throw StressError.corpus("the Opus encoder could not be created: \(error)")
        }
        let utterances = try recordings.map { recording in
            do {
                return StressUtterance(id: recording.id, reference: recording.reference,
                                       seconds: Double(recording.samples.count) / Double(PCMAudio.sampleRate),
                                       packets: try encoder.encode(samples: recording.samples))
            } catch {
                throw StressError.corpus("\(recording.id) could not be encoded as Opus: \(error)")
            }
        }
        return StressCorpus(utterances: utterances)
    }

    private static func read(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw StressError.corpus("\(url.path) cannot be read (apt-get install pocketsphinx-testdata): \(error.localizedDescription)")
        }
    }
}
