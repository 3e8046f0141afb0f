import ASRRuntime
import Foundation

/// One recording of the speech corpus: what was said, and the audio as 16 kHz mono samples.
package struct CorpusUtterance: Sendable, Equatable {
    /// `goforward`, `001` … (cards), `sense_and_sensibility_…` (librivox).
    package var id: String
    /// The transcript, to score what comes back.
    package var reference: String
    /// The file the audio was read from (a WAV, or `goforward.raw`).
    package var file: URL
    package var samples: [Int16]

    package init(id: String, reference: String = "", file: URL = URL(fileURLWithPath: "/dev/null"), samples: [Int16]) {
        self.id = id
        self.reference = reference
        self.file = file
        self.samples = samples
    }

    /// The samples as the engine takes them.
    package var audio: PCMAudio { PCMAudio(samples: samples) }

    /// Seconds of audio.
    package var seconds: Double { Double(samples.count) / 16_000 }

    /// The samples as little-endian bytes (what `/asr/recognize` takes, base64-encoded).
    package var littleEndianBytes: [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(samples.count * 2)
        for sample in samples {
            let value = UInt16(bitPattern: sample)
            bytes.append(UInt8(value & 0xFF))
            bytes.append(UInt8(value >> 8))
        }
        return bytes
    }
}
