import TestSupport
import Testing

@testable import ASRRuntime

/// A device stream carries the cepstral mean its own speech taught the decoder from one
/// listening period to the next, whichever decoder it leases; the mean also moves to the
/// utterance's own frames while it is spoken. (Why: `StreamRecognizer`'s documentation.)
@Suite(.ownThreads) struct StreamNormalisationCarryTests {
    /// Three decoders as device streams lease them (own language model each: no slots needed).
    private static func decoders(_ count: Int) throws -> [StreamDecoder] {
        var configuration = PocketSphinxConfiguration.englishUS
        configuration.extraArguments += ["-fwdflat", "no"]
        return try (0..<count).map { _ in StreamDecoder(decoder: try PocketSphinxDecoder(configuration: configuration)) }
    }

    /// One manual utterance: listen start, the audio, listen stop; its text.
    private static func say(_ samples: [Int16], to recognizer: StreamRecognizer) throws -> String {
        let report = try recognizer.handle([.start(.manual), .audio(samples), .stop])
        return try #require(report.utterances.first).text
    }

    private static func snapshot(_ decoder: StreamDecoder) -> PocketSphinxDecoder.Normalisation? {
        decoder.use { $0.normalisation }
    }

    @Test func theMeanFollowsTheStreamNotTheDecoder() throws {
        let cards = try TestCorpus.cards()[0].audio.samples
        let librivox = try TestCorpus.librivox()[0].audio.samples
        let goForward = try TestCorpus.goForward().samples
        let decoders = try Self.decoders(3)
        defer { for decoder in decoders { decoder.free() } }

        // Stream A leases decoder 0 for both of its listening periods (a stream gives its
        // decoder back whenever it stops listening, as DeviceSession does).
        let kept = StreamRecognizer(decoder: decoders[0], chunkBytes: 640, overlapBytes: 64)
        let first = try Self.say(cards, to: kept)
        kept.attach(try #require(kept.detachIfIdle()))
        let keptSecond = try Self.say(goForward, to: kept)
        let keptMean = Self.snapshot(decoders[0])

        // Stream B says the same, but between its utterances gives decoder 1 back, which then
        // serves stream C (other speech), and leases decoder 2 — fresh — for the second one.
        let moving = StreamRecognizer(decoder: decoders[1], chunkBytes: 640, overlapBytes: 64)
        #expect(try Self.say(cards, to: moving) == first)
        let other = StreamRecognizer(chunkBytes: 640, overlapBytes: 64)
        other.attach(try #require(moving.detachIfIdle()))
        _ = try Self.say(librivox, to: other)
        moving.attach(decoders[2])
        #expect(try Self.say(goForward, to: moving) == keptSecond)
        #expect(Self.snapshot(decoders[2]) == keptMean, "the mean a stream carries does not depend on its decoders")
        #expect(Self.snapshot(decoders[1]) != keptMean, "stream C's speech left another mean")
        #expect(keptSecond == "go forward ten meters")

        // A new stream saying only the second utterance starts from the model's mean: the
        // stream that spoke before carried what it learned into its second utterance.
        let fresh = StreamRecognizer(chunkBytes: 640, overlapBytes: 64)
        fresh.attach(try #require(other.detachIfIdle()))
        #expect(try Self.say(goForward, to: fresh) == "go forward ten meters")
        #expect(Self.snapshot(decoders[1]) != keptMean, "the first utterance's mean was not carried into the second")
    }

    @Test func theLiveMeanMovesMidUtteranceAndRestores() throws {
        let decoders = try Self.decoders(1)
        defer { for decoder in decoders { decoder.free() } }
        let speech = try TestCorpus.goForward().samples
        try decoders[0].use { decoder in
            decoder.startStream()
            let initial = decoder.normalisation
            try decoder.startUtterance()
            try decoder.process(Array(speech[0..<16000]))
            #expect(decoder.normalisation?.mean == initial?.mean, "PocketSphinx alone moves the mean only when an utterance ends")
            decoder.updateNormalisation()
            let moved = try #require(decoder.normalisation)
            #expect(moved.mean != initial?.mean)
            _ = try decoder.endUtterance()
            decoder.restoreNormalisation(nil)
            #expect(decoder.normalisation?.mean == initial?.mean)
            decoder.restoreNormalisation(moved)
            #expect(decoder.normalisation == moved)
        }
    }
}
