import ASRContracts
import Testing

@testable import ASRRuntime

/// How a stream whose engine takes whole utterances cuts the device's audio: everything between
/// `listen start` and `listen stop` in manual mode; speech found by level, with its pre-roll, in
/// auto mode; never longer than the engine takes.
@Suite struct UtteranceCollectorTests {
    static let silence = [Int16](repeating: 0, count: PCMAudio.sampleRate)

    /// `samples` as a device sends them: 60 ms packets.
    static func packets(_ samples: [Int16]) -> [StreamInput] {
        stride(from: 0, to: samples.count, by: 960).map { .audio(Array(samples[$0..<min($0 + 960, samples.count)])) }
    }

    static func collector(maximumSeconds: Double? = nil) -> UtteranceCollector {
        UtteranceCollector(chunkBytes: 640, overlapBytes: 64, endpointer: .init(), maximumSeconds: maximumSeconds)
    }

    @Test func manualModeSendsExactlyWhatCameBetweenStartAndStop() throws {
        let speech = try TestCorpus.goForward().samples
        let collector = Self.collector()
        var inputs: [StreamInput] = [.start(.manual)] + Self.packets(speech) + [.stop]
        var utterances = collector.handle(inputs)
        #expect(utterances.count == 1)
        #expect(utterances.first?.samples == speech)
        #expect(utterances.first?.ending == .stop)
        #expect(utterances.first?.endingInput == inputs.count - 1)

        // Audio after stop, or before any start, is nobody's; detect drops what came so far.
        inputs = Self.packets(speech) + [.start(.manual)] + Self.packets(Self.silence) + [.detect] + Self.packets(speech) + [.stop]
        utterances = collector.handle(inputs)
        #expect(utterances.map(\.samples) == [speech])
    }

    @Test func autoModeCutsSpeechByLevelWithItsPreRoll() throws {
        let speech = try TestCorpus.goForward().samples
        let collector = Self.collector()
        let utterances = collector.handle([.start(.auto)] + Self.packets(Self.silence + speech + Self.silence + Self.silence))
        #expect(utterances.count == 1)
        let utterance = try #require(utterances.first)
        #expect(utterance.ending == .silence)
        #expect(utterance.mode == .auto)
        #expect(utterance.preRollBytes == 64)
        // The speech and the hangover that ended it, not the second before it.
        let seconds = Double(utterance.samples.count) / Double(PCMAudio.sampleRate)
        let speechSeconds = Double(speech.count) / Double(PCMAudio.sampleRate)
        #expect(seconds > speechSeconds - 0.5 && seconds < speechSeconds + 1, "\(seconds) s for \(speechSeconds) s of speech")
        // Silence alone is no utterance.
        #expect(collector.handle(Self.packets(Self.silence + Self.silence)).isEmpty)
    }

    @Test func noUtteranceIsLongerThanTheEngineTakes() throws {
        let speech = try TestCorpus.goForward().samples
        let collector = Self.collector(maximumSeconds: 1)
        let utterances = collector.handle([.start(.manual)] + Self.packets(speech) + [.stop])
        #expect(utterances.map(\.ending) == [.maxLength, .maxLength, .stop])
        #expect(utterances.allSatisfy { $0.samples.count <= PCMAudio.sampleRate + 960 })
        #expect(utterances.flatMap(\.samples) == speech)
    }
}
