import ASRRuntime
import Testing

@Suite struct RawPCMTests {
    @Test func bytesAreLittleEndianSigned() throws {
        let audio = try PCMAudio(s16le: [0x01, 0x00, 0xFE, 0xFF, 0x00, 0x80, 0xFF, 0x7F])
        #expect(audio.samples == [1, -2, -32768, 32767])
        #expect(audio.byteCount == 8)
    }

    @Test func oddByteCountIsRefused() {
        #expect(throws: AudioFormatError.partialSample(byteCount: 3)) { try PCMAudio(s16le: [1, 2, 3]) }
        #expect(
            AudioFormatError.partialSample(byteCount: 3).description
                == "3 bytes of audio is not a whole number of 16-bit samples (odd byte count)"
        )
    }

    @Test func emptyIsRefused() {
        #expect(throws: AudioFormatError.emptyAudio) { try PCMAudio(s16le: [UInt8]()) }
    }

    @Test func durationAtSixteenKilohertz() {
        #expect(PCMAudio(samples: Array(repeating: 0, count: 8_000)).duration == 0.5)
    }
}
