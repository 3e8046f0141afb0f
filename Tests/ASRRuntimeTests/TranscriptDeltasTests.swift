import Testing

@testable import ASRRuntime

/// FunASR online results carry only new words; a client appends them.
struct TranscriptDeltasTests {
    /// A growing hypothesis gives each settled word once (the last word waits for another),
    /// and the final transcript the rest; appended, the pieces read as the transcript.
    @Test func growingHypothesisGivesEachWordOnce() {
        var deltas = TranscriptDeltas()
        #expect(deltas.advance(to: "go") == nil)
        #expect(deltas.advance(to: "go forward") == "go")
        #expect(deltas.advance(to: "go forward") == nil)
        #expect(deltas.advance(to: "go forward ten meters") == " forward ten")
        let last = deltas.finish(with: "go forward ten meters")
        #expect(last == " meters")
        #expect(["go", " forward ten", last].joined() == "go forward ten meters")
        #expect(!deltas.hasSent)
    }

    /// A hypothesis that changed a word already sent adds nothing until the final, which adds
    /// what follows the words still agreed on.
    @Test func revisedHypothesisWaitsForTheFinal() {
        var deltas = TranscriptDeltas()
        #expect(deltas.advance(to: "go for it") == "go for")
        #expect(deltas.advance(to: "go forward ten meters") == nil)
        #expect(deltas.finish(with: "go forward ten meters") == " forward ten meters")
        // A fresh utterance starts without a leading space.
        #expect(deltas.advance(to: "stop now") == "stop")
        #expect(deltas.finish(with: "") == "")
    }
}
