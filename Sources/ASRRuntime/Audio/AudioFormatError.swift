/// Why a request's audio cannot be recognised. Every case names the problem precisely; the
/// HTTP layer returns `description` with status 400.
package enum AudioFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The body does not start with `RIFF`; `found` shows what it starts with.
    case notRIFF(found: String)
    /// A RIFF file whose form type is not `WAVE`.
    case notWAVE(found: String)
    /// `RIFF` but shorter than the 12-byte RIFF/WAVE header.
    case truncatedHeader(byteCount: Int)
    /// No `fmt ` chunk anywhere in the file.
    case missingFormatChunk
    /// A `fmt ` chunk too short to hold the fields it must have.
    case malformedFormatChunk(byteCount: Int, needed: Int)
    /// Not integer PCM (e.g. IEEE float, A-law, µ-law, ADPCM, MP3); for
    /// WAVE_FORMAT_EXTENSIBLE `formatTag` is the subformat's code.
    case notPCM(formatTag: UInt16, extensible: Bool)
    /// Sample rate other than 16 000 Hz.
    case wrongSampleRate(got: Int)
    /// More (or fewer) than one channel.
    case wrongChannelCount(got: Int)
    /// Sample width other than 16 bits.
    case wrongBitsPerSample(got: Int)
    /// No `data` chunk anywhere in the file.
    case missingDataChunk
    /// A chunk before the audio declares more bytes than the file has left.
    case truncatedChunk(id: String, expected: Int, actual: Int)
    /// The `data` chunk declares more bytes than the file has left.
    case truncatedData(expected: Int, actual: Int)
    /// A byte count that is not a whole number of 16-bit samples.
    case partialSample(byteCount: Int)
    /// No samples at all.
    case emptyAudio

    package var description: String {
        switch self {
        case .notRIFF(let found):
            return "not a WAV file: expected \"RIFF\" at byte 0, found \(found)"
        case .notWAVE(let found):
            return "RIFF file is not WAVE audio: form type is \(found), need \"WAVE\""
        case .truncatedHeader(let count):
            return "WAV header is truncated: \(count) bytes, need at least 12"
        case .missingFormatChunk:
            return "WAV file has no \"fmt \" chunk, so its sample format is unknown"
        case let .malformedFormatChunk(count, needed):
            return "WAV \"fmt \" chunk is \(count) bytes, need at least \(needed)"
        case let .notPCM(tag, extensible):
            let digits = String(tag, radix: 16, uppercase: true)
            let hex = "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
            let origin = extensible ? "WAVE_FORMAT_EXTENSIBLE subformat \(hex)" : "format tag \(hex)"
            return "audio encoding is \(Self.encodingName(tag)) (\(origin)), need 16-bit integer PCM (format 1)"
        case .wrongSampleRate(let got):
            return "got \(got) Hz, need \(PCMAudio.sampleRate) Hz"
        case .wrongChannelCount(let got):
            return "got \(got) channels, need mono (1 channel)"
        case .wrongBitsPerSample(let got):
            return "got \(got)-bit samples, need 16-bit"
        case .missingDataChunk:
            return "WAV file has no \"data\" chunk"
        case let .truncatedChunk(id, expected, actual):
            return "WAV \"\(id)\" chunk is truncated: header declares \(expected) bytes, only \(actual) remain"
        case let .truncatedData(expected, actual):
            return "WAV data chunk is truncated: header declares \(expected) bytes, only \(actual) present"
        case .partialSample(let count):
            return "\(count) bytes of audio is not a whole number of 16-bit samples (odd byte count)"
        case .emptyAudio:
            return "audio is empty: no samples"
        }
    }

    /// A readable name for the common WAV format tags.
    private static func encodingName(_ tag: UInt16) -> String {
        switch tag {
        case 0x0000: return "an unknown encoding"
        case 0x0001: return "PCM"
        case 0x0002: return "Microsoft ADPCM"
        case 0x0003: return "IEEE float"
        case 0x0006: return "A-law"
        case 0x0007: return "µ-law"
        case 0x0011: return "IMA ADPCM"
        case 0x0055: return "MP3"
        case 0xFFFE: return "WAVE_FORMAT_EXTENSIBLE"
        default: return "an unsupported encoding"
        }
    }
}
