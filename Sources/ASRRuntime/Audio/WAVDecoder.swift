/// Reads RIFF/WAVE files into `PCMAudio`, accepting only what the engines can decode
/// unchanged: integer PCM, 16 kHz, mono, 16-bit.
///
/// The parser walks the chunk list instead of assuming a 44-byte header: it skips chunks it
/// does not need (`LIST`, `fact`, `cue `, …), honours the pad byte after odd-sized chunks,
/// accepts `fmt ` as plain PCM (format 1) or WAVE_FORMAT_EXTENSIBLE with the PCM subformat,
/// and finds `fmt ` even when it follows `data`. A `data` size of 0xFFFFFFFF (written by
/// streaming encoders that cannot seek back) means "to the end of the file".
public enum WAVDecoder {
    /// Whether `bytes` starts like a WAV file (`RIFF`), to tell WAV bodies from raw PCM.
    public static func looksLikeWAV(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: Array("RIFF".utf8))
    }

    /// Decodes a complete WAV file.
    /// - Throws: `AudioFormatError` naming the first problem found.
    package static func decode(_ bytes: some Collection<UInt8>, reusing buffer: [Int16] = []) throws(AudioFormatError) -> PCMAudio {
        let file = Array(bytes)
        guard file.count >= 4, file[0..<4].elementsEqual("RIFF".utf8) else {
            throw .notRIFF(found: describe(file.prefix(4)))
        }
        guard file.count >= 12 else { throw .truncatedHeader(byteCount: file.count) }
        guard file[8..<12].elementsEqual("WAVE".utf8) else {
            throw .notWAVE(found: describe(file[8..<12]))
        }

        var format: Format?
        var audio: Range<Int>?
        var offset = 12
        while offset + 8 <= file.count, format == nil || audio == nil {
            let id = String(decoding: file[offset..<offset + 4], as: UTF8.self)
            let declared = Int(readUInt32(file, offset + 4))
            let body = offset + 8
            let remaining = file.count - body
            if id == "data" {
                if declared == Int(UInt32.max) {
                    audio = audio ?? body..<file.count
                    break
                }
                guard declared <= remaining else { throw .truncatedData(expected: declared, actual: remaining) }
                audio = audio ?? body..<body + declared
            } else {
                guard declared <= remaining else {
                    throw .truncatedChunk(id: id, expected: declared, actual: remaining)
                }
                if id == "fmt ", format == nil {
                    format = try Format(file[body..<body + declared])
                }
            }
            // Chunks are word-aligned: an odd-sized chunk is followed by one pad byte.
            offset = body + declared + (declared & 1)
        }

        guard let format else { throw .missingFormatChunk }
        try format.validate()
        guard let audio else { throw .missingDataChunk }
        return try PCMAudio(s16le: file[audio], reusing: buffer)
    }

    /// The fields of a `fmt ` chunk the engines care about.
    private struct Format {
        var formatTag: UInt16
        var extensible: Bool
        var channels: Int
        var sampleRate: Int
        var bitsPerSample: Int

        /// The PCM subformat GUID after its two-byte format code:
        /// {00000001-0000-0010-8000-00AA00389B71}.
        private static let pcmGUIDTail: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]

        init(_ chunk: ArraySlice<UInt8>) throws(AudioFormatError) {
            let bytes = Array(chunk)
            guard bytes.count >= 16 else { throw .malformedFormatChunk(byteCount: bytes.count, needed: 16) }
            formatTag = readUInt16(bytes, 0)
            channels = Int(readUInt16(bytes, 2))
            sampleRate = Int(readUInt32(bytes, 4))
            bitsPerSample = Int(readUInt16(bytes, 14))
            extensible = formatTag == 0xFFFE
            if extensible {
                guard bytes.count >= 40 else { throw .malformedFormatChunk(byteCount: bytes.count, needed: 40) }
                let subformat = readUInt16(bytes, 24)
                guard bytes[26..<40].elementsEqual(Self.pcmGUIDTail) else {
                    // A vendor GUID, not a KSDATAFORMAT_SUBTYPE_*: its leading code means nothing.
                    throw .notPCM(formatTag: 0, extensible: true)
                }
                formatTag = subformat
            }
        }

        func validate() throws(AudioFormatError) {
            guard formatTag == 1 else { throw .notPCM(formatTag: formatTag, extensible: extensible) }
            guard sampleRate == PCMAudio.sampleRate else { throw .wrongSampleRate(got: sampleRate) }
            guard channels == 1 else { throw .wrongChannelCount(got: channels) }
            guard bitsPerSample == 16 else { throw .wrongBitsPerSample(got: bitsPerSample) }
        }
    }

    private static func readUInt16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func readUInt32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    /// Four header bytes as a quoted string when printable, otherwise as hex.
    private static func describe(_ bytes: some Collection<UInt8>) -> String {
        if bytes.isEmpty { return "an empty body" }
        if bytes.allSatisfy({ (0x20...0x7E).contains($0) }) {
            return "\"" + String(decoding: bytes, as: UTF8.self) + "\""
        }
        return "bytes "
            + bytes.map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }.joined(separator: " ")
    }
}
