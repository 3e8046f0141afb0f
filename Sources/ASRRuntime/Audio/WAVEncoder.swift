/// Writes `PCMAudio` as a canonical 44-byte-header RIFF/WAVE file (PCM, 16 kHz, mono, 16-bit):
/// what an OpenAI-compatible upstream takes as the `file` of a transcription request.
package enum WAVEncoder {
    /// The file's bytes.
    package static func encode(_ audio: PCMAudio) -> [UInt8] {
        let dataBytes = audio.byteCount
        var file: [UInt8] = []
        file.reserveCapacity(44 + dataBytes)
        func append(_ text: String) { file.append(contentsOf: text.utf8) }
        func append32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { file.append(contentsOf: $0) } }
        func append16(_ value: Int) { withUnsafeBytes(of: UInt16(value).littleEndian) { file.append(contentsOf: $0) } }
        append("RIFF")
        append32(36 + dataBytes)
        append("WAVE")
        append("fmt ")
        append32(16)
        append16(1)  // PCM
        append16(1)  // mono
        append32(PCMAudio.sampleRate)
        append32(PCMAudio.sampleRate * 2)  // bytes per second
        append16(2)  // bytes per frame
        append16(16)  // bits per sample
        append("data")
        append32(dataBytes)
        for sample in audio.samples {
            let value = UInt16(bitPattern: sample)
            file.append(UInt8(value & 0xFF))
            file.append(UInt8(value >> 8))
        }
        return file
    }
}
