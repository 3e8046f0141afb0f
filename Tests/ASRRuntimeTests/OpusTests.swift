import ASRRuntime
import Foundation
import TestSupport
import Testing

/// libopus through COpus: the device codec round trip keeps speech recognisable, and what
/// libopus refuses comes back as named errors.
@Suite(.ownThreads) struct OpusTests {
    /// goforward.raw encoded as a device does (60 ms VOIP packets at a device-like 24 kb/s),
    /// decoded back, still recognises as "go forward ten meters".
    @Test func roundTripKeepsSpeechRecognisable() async throws {
        let speech = try TestCorpus.goForward().samples
        let encoder = try OpusEncoder(frameDurationMilliseconds: 60, bitrate: 24_000, complexity: 5)
        let packets = try encoder.encode(samples: speech)
        #expect(packets.count == (speech.count + 959) / 960)
        #expect(packets.allSatisfy { !$0.isEmpty && $0.count < 400 }, "compressed: well under the 1920 bytes of PCM per frame")

        let decoder = try OpusDecoder()
        var decoded: [Int16] = []
        for packet in packets {
            let frame = try decoder.decode(packet)
            #expect(frame.count == 960)
            decoded += frame
        }
        #expect(decoded.count == packets.count * 960)
        let engine = try await SharedEngines.dictation()
        let result = try await engine.recognize(PCMAudio(samples: decoded), priority: .medium)
        #expect(result.text == "go forward ten meters")
    }

    @Test func refusedPacketsAreNamed() throws {
        let decoder = try OpusDecoder()
        #expect(throws: OpusError.emptyPacket) { try decoder.decode([UInt8]()) }
        // TOC code 3 (arbitrary frame count) with a count of 0 frames.
        #expect(throws: OpusError.invalidPacket) { try decoder.decode([0x03, 0x00] as [UInt8]) }
        // The decoder still works after refusing packets.
        let encoder = try OpusEncoder()
        let packet = try encoder.encode(frame: [Int16](repeating: 0, count: 960))
        #expect(try decoder.decode(packet).count == 960)
    }

    @Test func encoderRefusesFramesOfTheWrongLength() throws {
        #expect(throws: OpusError.badArgument) { try OpusEncoder(frameDurationMilliseconds: 30) }
        let encoder = try OpusEncoder(frameDurationMilliseconds: 20)
        #expect(encoder.frameSamples == 320)
        #expect(throws: OpusError.badArgument) { try encoder.encode(frame: [Int16](repeating: 0, count: 100)) }
    }
}
