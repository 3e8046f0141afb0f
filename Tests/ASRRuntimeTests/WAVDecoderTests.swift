import ASRRuntime
import Foundation
import Testing

@Suite struct WAVDecoderTests {
    private let samples: [Int16] = [1, -2, 300, -32768, 32767]

    @Test func plainPCMDecodesToItsSamples() throws {
        let audio = try WAVDecoder.decode(WAVBuilder().bytes)
        #expect(audio.samples == samples)
        #expect(audio.byteCount == 10)
    }

    @Test func listChunkBeforeDataIsSkipped() throws {
        var wav = WAVBuilder()
        wav.chunksBeforeData = [("LIST", Array("INFOISFT\u{5}\0\0\0Lavf\0".utf8))]
        #expect(try WAVDecoder.decode(wav.bytes).samples == samples)
    }

    @Test func oddSizedChunkIsFollowedByItsPadByte() throws {
        var wav = WAVBuilder()
        wav.chunksBeforeData = [("junk", [1, 2, 3]), ("fact", [4, 0, 0, 0])]
        #expect(try WAVDecoder.decode(wav.bytes).samples == samples)
    }

    @Test func formatAfterDataIsFound() throws {
        var wav = WAVBuilder()
        wav.formatAfterData = true
        #expect(try WAVDecoder.decode(wav.bytes).samples == samples)
    }

    @Test func extensiblePCMIsAccepted() throws {
        var wav = WAVBuilder()
        wav.extensibleSubformat = 1
        #expect(try WAVDecoder.decode(wav.bytes).samples == samples)
    }

    @Test func extensibleFloatIsNotPCM() {
        var wav = WAVBuilder()
        wav.extensibleSubformat = 3
        wav.bitsPerSample = 32
        #expect(throws: AudioFormatError.notPCM(formatTag: 3, extensible: true)) { try WAVDecoder.decode(wav.bytes) }
        #expect(
            AudioFormatError.notPCM(formatTag: 3, extensible: true).description
                == "audio encoding is IEEE float (WAVE_FORMAT_EXTENSIBLE subformat 0x0003), need 16-bit integer PCM (format 1)"
        )
    }

    @Test func floatFormatTagIsNotPCM() {
        var wav = WAVBuilder()
        wav.formatTag = 3
        #expect(throws: AudioFormatError.notPCM(formatTag: 3, extensible: false)) { try WAVDecoder.decode(wav.bytes) }
    }

    @Test func eightKilohertzNamesBothRates() {
        var wav = WAVBuilder()
        wav.sampleRate = 8_000
        #expect(throws: AudioFormatError.wrongSampleRate(got: 8_000)) { try WAVDecoder.decode(wav.bytes) }
        #expect(AudioFormatError.wrongSampleRate(got: 8_000).description == "got 8000 Hz, need 16000 Hz")
    }

    @Test func stereoIsRefused() {
        var wav = WAVBuilder()
        wav.channels = 2
        #expect(throws: AudioFormatError.wrongChannelCount(got: 2)) { try WAVDecoder.decode(wav.bytes) }
        #expect(AudioFormatError.wrongChannelCount(got: 2).description == "got 2 channels, need mono (1 channel)")
    }

    @Test func eightBitIsRefused() {
        var wav = WAVBuilder()
        wav.bitsPerSample = 8
        #expect(throws: AudioFormatError.wrongBitsPerSample(got: 8)) { try WAVDecoder.decode(wav.bytes) }
        #expect(AudioFormatError.wrongBitsPerSample(got: 8).description == "got 8-bit samples, need 16-bit")
    }

    @Test func truncatedDataSaysExpectedAndActual() {
        var wav = WAVBuilder()
        wav.declaredDataSize = 2_000
        #expect(throws: AudioFormatError.truncatedData(expected: 2_000, actual: 10)) { try WAVDecoder.decode(wav.bytes) }
        #expect(
            AudioFormatError.truncatedData(expected: 2_000, actual: 10).description
                == "WAV data chunk is truncated: header declares 2000 bytes, only 10 present"
        )
    }

    @Test func fileCutInsideTheDataIsTruncated() {
        let bytes = WAVBuilder().bytes.dropLast(3)
        #expect(throws: AudioFormatError.truncatedData(expected: 10, actual: 7)) { try WAVDecoder.decode(bytes) }
    }

    @Test func truncatedChunkBeforeDataIsNamed() {
        var bytes = WAVBuilder().bytes.prefix(36)  // RIFF header + fmt chunk
        bytes += Array("LIST".utf8) + WAVBuilder.le32(100) + [1, 2, 3]
        #expect(throws: AudioFormatError.truncatedChunk(id: "LIST", expected: 100, actual: 3)) { try WAVDecoder.decode(bytes) }
    }

    @Test func unknownDataLengthMeansToTheEnd() throws {
        var wav = WAVBuilder()
        wav.declaredDataSize = UInt32.max
        #expect(try WAVDecoder.decode(wav.bytes).samples == samples)
    }

    @Test func notRIFF() {
        #expect(throws: AudioFormatError.notRIFF(found: "\"OggS\"")) { try WAVDecoder.decode(Array("OggS\0\0\0\0".utf8)) }
        #expect(throws: AudioFormatError.notRIFF(found: "bytes ff fb 90 64")) { try WAVDecoder.decode([0xFF, 0xFB, 0x90, 0x64, 0]) }
        #expect(throws: AudioFormatError.notRIFF(found: "an empty body")) { try WAVDecoder.decode([UInt8]()) }
        #expect(!WAVDecoder.looksLikeWAV([0xFF, 0xFB]))
        #expect(WAVDecoder.looksLikeWAV(WAVBuilder().bytes))
    }

    @Test func notWAVE() {
        var wav = WAVBuilder()
        wav.form = "AVI "
        #expect(throws: AudioFormatError.notWAVE(found: "\"AVI \"")) { try WAVDecoder.decode(wav.bytes) }
    }

    @Test func shortHeader() {
        #expect(throws: AudioFormatError.truncatedHeader(byteCount: 8)) { try WAVDecoder.decode(Array("RIFF\u{4}\0\0\0".utf8)) }
    }

    @Test func missingFormatChunk() {
        var wav = WAVBuilder()
        wav.includeFormat = false
        #expect(throws: AudioFormatError.missingFormatChunk) { try WAVDecoder.decode(wav.bytes) }
    }

    @Test func missingDataChunk() {
        var wav = WAVBuilder()
        wav.includeData = false
        #expect(throws: AudioFormatError.missingDataChunk) { try WAVDecoder.decode(wav.bytes) }
    }

    @Test func shortFormatChunk() {
        let bytes = Array("RIFF".utf8) + WAVBuilder.le32(16) + Array("WAVE".utf8) + WAVBuilder.chunk("fmt ", [1, 0, 1, 0])
        #expect(throws: AudioFormatError.malformedFormatChunk(byteCount: 4, needed: 16)) { try WAVDecoder.decode(bytes) }
    }

    @Test func emptyDataChunk() {
        var wav = WAVBuilder()
        wav.samples = []
        #expect(throws: AudioFormatError.emptyAudio) { try WAVDecoder.decode(wav.bytes) }
    }

    @Test func oddDataSize() {
        var bytes = WAVBuilder().bytes
        bytes[40] = 9  // data chunk size 10 -> 9
        #expect(throws: AudioFormatError.partialSample(byteCount: 9)) { try WAVDecoder.decode(bytes) }
    }

    @Test func realCardsRecordingDecodes() throws {
        let url = URL(fileURLWithPath: "/usr/share/pocketsphinx/test/data/cards/001.wav")
        let bytes = try Data(contentsOf: url)
        let audio = try WAVDecoder.decode(bytes)
        #expect(audio.byteCount == bytes.count - 44)
        #expect(abs(audio.duration - 1.1) < 0.01)
    }
}
