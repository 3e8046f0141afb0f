import ASRContracts
import Testing

@Suite struct WordErrorRateTests {
    @Test func identicalTextHasNoErrors() {
        let wer = WordErrorRate(reference: "go forward ten meters", hypothesis: "go forward ten meters")
        #expect(wer.errors == 0)
        #expect(wer.rate == 0)
        #expect(wer.referenceWords == 4)
    }

    @Test func countsSubstitutionsDeletionsInsertions() {
        let wer = WordErrorRate(reference: "four queen of clubs", hypothesis: "for queen clubs of hearts")
        // four→for (sub), "of" deleted, "of hearts" inserted … the minimum is 3 edits.
        #expect(wer.errors == 3)
        let substitution = WordErrorRate(reference: "a b c", hypothesis: "a x c")
        #expect(substitution.substitutions == 1 && substitution.deletions == 0 && substitution.insertions == 0)
        let deletion = WordErrorRate(reference: "a b c", hypothesis: "a c")
        #expect(deletion.deletions == 1 && deletion.errors == 1)
        let insertion = WordErrorRate(reference: "a c", hypothesis: "a b c")
        #expect(insertion.insertions == 1 && insertion.errors == 1)
        #expect(WordErrorRate(reference: "a b", hypothesis: "").deletions == 2)
        #expect(WordErrorRate(reference: "", hypothesis: "x y").insertions == 2)
    }

    @Test func normalisesCasePunctuationMarkersAndAbbreviations() {
        #expect(
            WordErrorRate.normalize("<s> Mr. Dashwood's  cold-hearted, [NOISE] <sil> was(2) </s>")
                == ["mister", "dashwood's", "cold", "hearted", "was"]
        )
        #expect(WordErrorRate(reference: "and mister john", hypothesis: "AND Mr John!").errors == 0)
    }

    /// Whisper writes digits where the transcripts (and PocketSphinx) write words: both score alike.
    @Test func spellsOutNumbersWrittenInDigits() {
        #expect(WordErrorRate(reference: "go forward ten meters", hypothesis: "Go forward 10 meters.").errors == 0)
        #expect(
            WordErrorRate.normalize("0 7 21 40 100 115")
                == "zero seven twenty one forty one hundred one hundred fifteen".split(separator: " ").map(String.init)
        )
        #expect(WordErrorRate.normalize("1,905 people, 2 cars") == ["one", "thousand", "nine", "hundred", "five", "people", "two", "cars"])
        #expect(WordErrorRate.normalize("2,000,003") == ["two", "million", "three"])
        // Not a whole number on its own: left as written.
        #expect(WordErrorRate.normalize("10m 3rd") == ["10m", "3rd"])
    }

    @Test func addsUpAcrossUtterances() {
        var total = WordErrorRate()
        total.add(reference: "a b c d", hypothesis: "a b c d")
        total.add(reference: "e f", hypothesis: "e g")
        #expect(total.errors == 1)
        #expect(total.referenceWords == 6)
        #expect(abs(total.rate - 1.0 / 6.0) < 1e-12)
        #expect(total.description == "16.7 % (1 error: 1 sub, 0 del, 0 ins / 6 words)")
    }

    @Test func parsesSphinxTranscriptionLines() {
        let parsed = ReferenceTranscript.parse("<s> ten of clubs  </s> (001)\n\n<s> five five </s> (004)\nno id here\n")
        #expect(parsed == [ReferenceTranscript(id: "001", text: "ten of clubs"), ReferenceTranscript(id: "004", text: "five five")])
    }
}
