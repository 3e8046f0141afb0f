import ASRRuntime
import Foundation

/// The recorded speech every section decodes: pocketsphinx-testdata's `cards/*.wav`,
/// `librivox/*.wav` and `goforward.raw`, as PCM (the same audio for the engine, the runtime and
/// the peer).
public struct BenchCorpus: Sendable {
    public static let defaultDirectory = URL(fileURLWithPath: "/usr/share/pocketsphinx/test/data")

    public var utterances: [BenchUtterance]

    public init(utterances: [BenchUtterance]) {
        self.utterances = utterances
    }

    /// Seconds of audio over all utterances.
    public var totalSeconds: Double { utterances.reduce(0) { $0 + $1.seconds } }

    /// Loads the corpus, sorted by id within each folder.
    /// - Throws: `BenchmarkError.corpus` naming a missing or unreadable file.
    public static func load(from directory: URL = defaultDirectory) throws -> BenchCorpus {
        var utterances: [BenchUtterance] = []
        let goForward = directory.appendingPathComponent("goforward.raw")
        do {
            utterances.append(BenchUtterance(id: "goforward", samples: try PCMAudio(s16le: try read(goForward)).samples))
        } catch let error as AudioFormatError {
            throw BenchmarkError.corpus("\(goForward.path): \(error)")
        }
        for folder in ["cards", "librivox"] {
            let url = directory.appendingPathComponent(folder)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [])
                .filter { $0.hasSuffix(".wav") }.sorted()
            guard !names.isEmpty else {
                throw BenchmarkError.corpus("\(url.path) has no .wav files (apt-get install pocketsphinx-testdata)")
            }
            for name in names {
                let file = url.appendingPathComponent(name)
                do {
                    let audio = try WAVDecoder.decode(try read(file))
                    utterances.append(BenchUtterance(id: String(name.dropLast(4)), samples: audio.samples))
                } catch let error as AudioFormatError {
                    throw BenchmarkError.corpus("\(file.path): \(error)")
                }
            }
        }
        return BenchCorpus(utterances: utterances)
    }

    private static func read(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw BenchmarkError.corpus("\(url.path) cannot be read (apt-get install pocketsphinx-testdata): \(error.localizedDescription)")
        }
    }
}
