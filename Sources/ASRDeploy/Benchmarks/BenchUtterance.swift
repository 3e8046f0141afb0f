/// One recording of the benchmark corpus: 16 kHz mono samples and their length.
public struct BenchUtterance: Sendable, Equatable {
    /// `goforward`, `001` … (cards), `sense_and_sensibility_…` (librivox).
    public var id: String
    public var samples: [Int16]

    public init(id: String, samples: [Int16]) {
        self.id = id
        self.samples = samples
    }

    /// Seconds of audio.
    public var seconds: Double { Double(samples.count) / 16_000 }

    /// The samples as little-endian bytes (what `/asr/recognize` takes, base64-encoded).
    public var littleEndianBytes: [UInt8] {
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
