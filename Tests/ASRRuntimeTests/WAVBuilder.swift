/// Builds small WAV files in memory, correct by default, with parameters to break them.
struct WAVBuilder {
    var formatTag: UInt16 = 1
    var channels: UInt16 = 1
    var sampleRate: UInt32 = 16_000
    var bitsPerSample: UInt16 = 16
    /// Non-nil: write WAVE_FORMAT_EXTENSIBLE with this subformat code and the standard GUID tail.
    var extensibleSubformat: UInt16?
    var samples: [Int16] = [1, -2, 300, -32768, 32767]
    /// Chunks written between `fmt ` and `data`.
    var chunksBeforeData: [(id: String, body: [UInt8])] = []
    /// Chunks written after `data`.
    var chunksAfterData: [(id: String, body: [UInt8])] = []
    /// Overrides the size written in the `data` chunk header.
    var declaredDataSize: UInt32?
    var includeFormat = true
    var includeData = true
    var formatAfterData = false
    var form = "WAVE"

    var bytes: [UInt8] {
        var body: [UInt8] = Array(form.utf8)
        let format = Self.chunk("fmt ", formatBody)
        var data = Array("data".utf8)
        let sampleBytes = samples.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
        data += Self.le32(declaredDataSize ?? UInt32(sampleBytes.count))
        data += sampleBytes
        if includeFormat && !formatAfterData { body += format }
        for extra in chunksBeforeData { body += Self.chunk(extra.id, extra.body) }
        if includeData { body += data }
        for extra in chunksAfterData { body += Self.chunk(extra.id, extra.body) }
        if includeFormat && formatAfterData { body += format }
        return Array("RIFF".utf8) + Self.le32(UInt32(body.count)) + body
    }

    private var formatBody: [UInt8] {
        let blockAlign = channels * (bitsPerSample / 8)
        let tag = extensibleSubformat == nil ? formatTag : 0xFFFE
        var body = Self.le16(tag) + Self.le16(channels) + Self.le32(sampleRate)
        body += Self.le32(sampleRate * UInt32(blockAlign)) + Self.le16(blockAlign) + Self.le16(bitsPerSample)
        if let subformat = extensibleSubformat {
            body += Self.le16(22) + Self.le16(bitsPerSample) + Self.le32(4)
            body += Self.le16(subformat) + [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
        }
        return body
    }

    /// A chunk with its header and, for odd sizes, the pad byte.
    static func chunk(_ id: String, _ body: [UInt8]) -> [UInt8] {
        Array(id.utf8) + le32(UInt32(body.count)) + body + (body.count % 2 == 1 ? [0] : [])
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}
