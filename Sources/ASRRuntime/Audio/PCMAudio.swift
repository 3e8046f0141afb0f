/// Speech audio as the engines take it: 16 kHz, mono, signed 16-bit samples.
///
/// Every input (base64 PCM, WAV bodies, Opus streams) is brought to this one shape before
/// it reaches a decoder or a cache key.
public struct PCMAudio: Sendable, Equatable {
    /// Samples per second; the only rate the engines accept.
    public static let sampleRate = 16_000

    /// The samples, in time order.
    public var samples: [Int16]

    /// Wraps samples that are already 16 kHz mono.
    public init(samples: [Int16]) {
        self.samples = samples
    }

    /// Reads raw little-endian signed 16-bit mono PCM (`s16le`), as the guide's clients send
    /// it base64-encoded in `audio_data`.
    /// The samples are written into `buffer` (emptied first) so a pooled buffer's storage is reused.
    /// - Throws: `AudioFormatError.emptyAudio` for no bytes, `.partialSample` for an odd count.
    package init(s16le bytes: some Collection<UInt8>, reusing buffer: [Int16] = []) throws(AudioFormatError) {
        let count = bytes.count
        guard count > 0 else { throw .emptyAudio }
        guard count % 2 == 0 else { throw .partialSample(byteCount: count) }
        var samples = buffer
        samples.removeAll(keepingCapacity: true)
        samples.reserveCapacity(count / 2)
        var iterator = bytes.makeIterator()
        while let low = iterator.next(), let high = iterator.next() {
            samples.append(Int16(bitPattern: UInt16(low) | UInt16(high) << 8))
        }
        self.samples = samples
    }

    /// Length in seconds.
    public var duration: Double { Double(samples.count) / Double(Self.sampleRate) }

    /// Size as s16le bytes.
    public var byteCount: Int { samples.count * 2 }

    /// True when there are no samples.
    public var isEmpty: Bool { samples.isEmpty }
}
