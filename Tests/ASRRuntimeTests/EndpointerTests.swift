import ASRRuntime
import Testing

/// The endpointer's rules on synthetic chunk levels (20 ms chunks), without a decoder.
@Suite struct EndpointerTests {
    static let chunk = 0.02

    /// Feeds `count` chunks at `level` with the VAD saying `vad`; returns the decisions.
    static func feed(_ endpointer: inout Endpointer, _ count: Int, level: Double, vad: Bool) -> [Endpointer.Decision] {
        (0..<count).map { _ in endpointer.observe(level: level, vadInSpeech: vad, seconds: chunk) }
    }

    @Test func noiseDuringTheVADsWarmUpIsNotSpeech() {
        var endpointer = Endpointer()
        // A fresh stream: the VAD says "speech" for ~0.8 s while it learns the noise.
        let decisions = Self.feed(&endpointer, 40, level: -58, vad: true)
        #expect(decisions.allSatisfy { $0 == .idle })
        #expect(abs(endpointer.floor - -58) < 3, "the floor follows the noise")
    }

    @Test func speechStartsAfterTheOnsetAndEndsAfterTheHangover() {
        var endpointer = Endpointer()
        _ = Self.feed(&endpointer, 25, level: -60, vad: false)
        let onset = Self.feed(&endpointer, 3, level: -30, vad: true)
        #expect(onset == [.candidate(first: true), .candidate(first: false), .start])
        // A 200 ms pause between words does not end the utterance…
        #expect(Self.feed(&endpointer, 10, level: -62, vad: true).allSatisfy { $0 == .speech })
        #expect(Self.feed(&endpointer, 20, level: -30, vad: true).allSatisfy { $0 == .speech })
        // …500 ms of silence does.
        let tail = Self.feed(&endpointer, 25, level: -65, vad: false)
        #expect(tail.prefix(24).allSatisfy { $0 == .speech })
        #expect(tail.last == .end(.silence))
        #expect(!endpointer.inSpeech)
    }

    @Test func loudChunksNeedTheVADToAgree() {
        var endpointer = Endpointer()
        _ = Self.feed(&endpointer, 25, level: -60, vad: false)
        // A click: loud, but the VAD hears no speech.
        #expect(Self.feed(&endpointer, 5, level: -30, vad: false).allSatisfy { if case .candidate = $0 { true } else { false } })
        #expect(!endpointer.inSpeech)
    }

    @Test func longUtterancesAreCut() {
        var settings = Endpointer.Settings()
        settings.maxUtteranceSeconds = 1
        var endpointer = Endpointer(settings: settings)
        _ = Self.feed(&endpointer, 10, level: -60, vad: false)
        let decisions = Self.feed(&endpointer, 60, level: -25, vad: true)
        #expect(decisions.contains(.end(.maxLength)))
    }

    @Test func levelIsRMSInDecibelsFullScale() {
        #expect(Endpointer.level(of: ArraySlice([Int16](repeating: 0, count: 320))) == -100)
        let fullScale = ArraySlice((0..<320).map { $0 % 2 == 0 ? Int16.max : Int16.min + 1 })
        #expect(abs(Endpointer.level(of: fullScale)) < 0.01)
        #expect(abs(Endpointer.level(of: ArraySlice([Int16](repeating: 328, count: 320))) - -40) < 0.1)
    }
}
