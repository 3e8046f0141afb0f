import ASRContracts
import ASRRuntime
import Foundation

/// The speech corpus as simulated devices speak it: each utterance encoded once as the 60 ms
/// Opus packets an ESP32 sends.
public struct StressCorpus: Sendable {
    /// The devices' `frame_duration`.
    public static let frameMilliseconds = 60

    package var utterances: [StressUtterance]

    /// What every device says in a burst: goforward (2.8 s, "go forward ten meters"), the
    /// corpus's first utterance if it is missing.
    package var burstUtterance: StressUtterance {
        utterances.first { $0.id == "goforward" } ?? utterances[0]
    }

    /// Seconds of speech over all utterances.
    public var totalSeconds: Double { utterances.reduce(0) { $0 + $1.seconds } }

    /// Seconds of speech in the mean utterance (devices pick utterances uniformly).
    package var meanUtteranceSeconds: Double { utterances.isEmpty ? 0 : totalSeconds / Double(utterances.count) }

    package init(utterances: [StressUtterance]) {
        self.utterances = utterances
    }

    /// Loads the speech corpus and encodes each utterance as a device would send it.
    /// - Throws: `StressError.corpus` naming the missing or unreadable file.
    package static func load(from directory: URL = SpeechCorpus.defaultDirectory) throws -> StressCorpus {
        let corpus: SpeechCorpus
        do {
            corpus = try SpeechCorpus.load(from: directory)
        } catch {
            throw StressError.corpus(error.message)
        }
        return try StressCorpus(encoding: corpus)
    }

    /// Each utterance of `corpus` encoded as a device would send it.
    /// - Throws: `StressError.corpus` when the encoder cannot be created or refuses the audio.
    package init(encoding corpus: SpeechCorpus) throws {
        let encoder: OpusEncoder
        do {
            // What xiaozhi-esp32 firmware sends: 16 kHz mono, 60 ms frames, low complexity.
            encoder = try OpusEncoder(frameDurationMilliseconds: Self.frameMilliseconds, bitrate: 24_000, complexity: 5)
        } catch {
            throw StressError.corpus("the Opus encoder could not be created: \(error)")
        }
        let utterances = try corpus.utterances.map { utterance in
            do {
                return StressUtterance(
                    id: utterance.id,
                    reference: utterance.reference,
                    seconds: utterance.seconds,
                    packets: try encoder.encode(samples: utterance.samples)
                )
            } catch {
                throw StressError.corpus("\(utterance.id) could not be encoded as Opus: \(error)")
            }
        }
        self.init(utterances: utterances)
    }
}
