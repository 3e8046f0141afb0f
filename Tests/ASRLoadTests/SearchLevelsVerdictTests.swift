import ASRContracts
import ASRLoad
import Testing

/// §9's target and table from fixed figures: the default level is judged against `accurate`
/// (today's default) measured in the same run, on both paths' CPU and the streamed word errors.
@Suite struct SearchLevelsVerdictTests {
    static let references = ["go forward ten meters", "ten of clubs", "five five"]  // 9 words

    static func path(cpu: [Double], texts: [String]) -> SearchPathResult {
        SearchPathResult(cpuSecondsByRepetition: cpu, audioSeconds: 10, texts: texts, references: references)
    }

    static func candidate(_ level: SearchLevel, whole: Double, streamed: Double, streamedTexts: [String]) -> SearchCandidateResult {
        SearchCandidateResult(
            candidate: SearchCandidate(level: level),
            whole: path(cpu: [whole, whole * 1.2], texts: references),
            streamed: path(cpu: [streamed, streamed * 0.9], texts: streamedTexts),
            stopJobSeconds: [0.02, 0.04, 0.03],
            stopJobCPUSeconds: 0.05
        )
    }

    static func result(balancedTexts: [String]) -> SearchLevelsResult {
        SearchLevelsResult(
            repetitions: 2,
            chunkBytes: 640,
            defaultLevel: .balanced,
            candidates: [
                candidate(.accurate, whole: 5, streamed: 4, streamedTexts: ["go forward ten meters", "ten of clubs", "five"]),
                candidate(.balanced, whole: 2.5, streamed: 2, streamedTexts: balancedTexts),
                candidate(.fast, whole: 1.5, streamed: 1.2, streamedTexts: ["go forward ten", "ten of", "five"]),
            ]
        )
    }

    static func verdict(_ search: SearchLevelsResult?) -> [TargetCheck] {
        var report = BenchmarkTests.fixedReport()
        report.sections = [.search]
        report.search = search
        return BenchmarkVerdicts.evaluate(report)
    }

    @Test func theDefaultLevelMeetsTheTargetWithHalfTheCPUAndTheSameWords() {
        let search = Self.result(balancedTexts: ["go forward ten meters", "ten of clubs", "five"])
        let check = Self.verdict(search)
        #expect(check.map(\.status) == [.met])
        #expect(check.first?.figure.contains("whole ×0.50, streamed ×0.50") == true, "\(check)")
        #expect(check.first?.figure.contains("(+0.0 points)") == true, "\(check)")
        // Streamed, balanced makes accurate's errors for less CPU; fast fewer CPU, more errors.
        #expect(search.candidates.map { search.isOnFront($0, path: \.streamed) } == [false, true, true])
        #expect(search.candidates.map { search.isOnFront($0, path: \.whole) } == [false, false, true])
    }

    @Test func oneMoreErrorInNineWordsIsMoreThanThreePoints() {
        let search = Self.result(balancedTexts: ["go forward ten meters", "ten of", "five"])
        #expect(Self.verdict(search).map(\.status) == [.missed])
        #expect(Self.verdict(nil).map(\.status) == [.notMeasured])
    }

    @Test func theTableMarksTheDefaultAndTheRatios() {
        var report = BenchmarkTests.fixedReport()
        report.sections = [.search]
        report.search = Self.result(balancedTexts: ["go forward ten meters", "ten of clubs", "five"])
        let markdown = BenchmarkMarkdown(report: report).render()
        #expect(markdown.contains("## 9. Search levels"))
        #expect(
            markdown.contains(
                "| **balanced** (default) | `-fwdflat no -maxhmmpf 3000` | 0.275 | 0.50 | 0.0 % | 0.190 | 0.50 (0.50–0.50) | 11.1 % | +0.0 |"
            )
        )
        #expect(markdown.contains("| **accurate** | `(model defaults)` |"))
    }
}
