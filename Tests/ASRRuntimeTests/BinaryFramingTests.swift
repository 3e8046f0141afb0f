import ASRRuntime
import Testing

/// Protocol-Version 1/2/3 binary messages, as xiaozhi-esp32 frames them.
@Suite struct BinaryFramingTests {
    let opus: [UInt8] = [0xF8, 0x01, 0x02, 0x03, 0x04]

    @Test(arguments: BinaryFraming.allCases)
    func aFramedPacketGivesItsPayloadBack(framing: BinaryFraming) throws {
        #expect(try framing.payload(of: framing.frame(opus: opus, timestamp: 1234)) == .opus(opus[...]))
    }

    @Test func headersAreBigEndianAsTheFirmwareWritesThem() {
        #expect(BinaryFraming.version3.frame(opus: opus) == [0, 0, 0, 5] + opus)
        #expect(
            BinaryFraming.version2.frame(opus: opus, timestamp: 0x0102_0304)
                == [0, 2, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 5] + opus
        )
    }

    @Test func jsonInABinaryMessageIsRecognised() throws {
        let text = Array(#"{"type":"listen","state":"stop"}"#.utf8)
        let message = [1, 0] + [UInt8(text.count >> 8), UInt8(text.count & 0xff)] + text
        #expect(try BinaryFraming.version3.payload(of: message) == .json(message[4...]))
    }

    @Test func malformedFramesAreDescribed() {
        #expect(throws: BinaryFraming.FrameError(description: "a 3-byte message is shorter than the protocol version 3 header")) {
            try BinaryFraming.version3.payload(of: [0, 0, 0])
        }
        #expect(throws: BinaryFraming.FrameError(description: "the header announces 9 payload bytes but 5 follow (protocol version 3)")) {
            try BinaryFraming.version3.payload(of: [0, 0, 0, 9] + opus)
        }
        #expect(throws: BinaryFraming.FrameError(description: "unknown binary message type 7; 0 is Opus audio, 1 is JSON")) {
            try BinaryFraming.version3.payload(of: [7, 0, 0, 5] + opus)
        }
        var wrongVersion = BinaryFraming.version2.frame(opus: opus)
        wrongVersion[1] = 3
        #expect(throws: BinaryFraming.FrameError.self) { try BinaryFraming.version2.payload(of: wrongVersion) }
    }
}
