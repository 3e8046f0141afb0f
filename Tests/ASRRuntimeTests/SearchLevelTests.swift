import ASRContracts
import ASRRuntime
import Foundation
import TestSupport
import Testing

/// `ASR_SEARCH_LEVEL`: each level is its own engine (id, options), and the faster levels do
/// less work on the same real recording — compared with figures taken in this test, never an
/// absolute time.
@Suite(.ownThreads) struct SearchLevelTests {
    @Test func eachLevelHasItsOwnEngineIDAndAccurateIsTodaysEngine() {
        let ids = SearchLevel.allCases.map { PocketSphinxConfiguration.englishUS.searching(at: $0).engineID }
        #expect(Set(ids).count == SearchLevel.allCases.count, "a level's cached text is never served for another")
        #expect(ids == ["pocketsphinx-en-us", "pocketsphinx-en-us+balanced", "pocketsphinx-en-us+fast"])
        #expect(PocketSphinxConfiguration.englishUS.searching(at: .accurate) == .englishUS, "accurate is the engine as it was")
    }

    @Test func streamsKeepTheirOwnFwdflatWhateverTheLevel() {
        for level in SearchLevel.allCases {
            let stream = PocketSphinxConfiguration.englishUS.searching(at: level).setting("-fwdflat", to: "no")
            #expect(stream.extraArguments.filter { $0 == "-fwdflat" }.count == 1, "PocketSphinx refuses an option given twice")
            let index = stream.extraArguments.firstIndex(of: "-fwdflat")
            #expect(index.map { stream.extraArguments[$0 + 1] } == "no")
        }
    }

    /// The same recording (goforward.raw, 2.8 s) decoded whole under `accurate` and `fast`,
    /// taking turns three times on this thread: `fast` takes well under the thread CPU time of
    /// `accurate` (about 0.4 of it in BENCHMARKS.md §9; the bound leaves room for a noisy
    /// machine) and still hears what was said.
    @Test func theFastSearchDoesLessWorkOnTheSameRecording() throws {
        let speech = try TestCorpus.goForward()
        let languageModel = PocketSphinxDecoder.SharedLanguageModel(configuration: .englishUS, slots: 1)
        let accurate = try PocketSphinxDecoder(configuration: .englishUS.searching(at: .accurate), languageModel: languageModel)
        let fast = try PocketSphinxDecoder(configuration: .englishUS.searching(at: .fast), languageModel: languageModel)
        for decoder in [accurate, fast] { _ = try decoder.decode(speech) }  // the models paged in

        var cpu = [0.0, 0.0]
        var texts = ["", ""]
        for _ in 0..<3 {
            for (index, decoder) in [accurate, fast].enumerated() {
                let started = Self.threadCPUSeconds()
                texts[index] = try decoder.decode(speech).text
                cpu[index] += Self.threadCPUSeconds() - started
            }
        }
        #expect(cpu[1] < 0.8 * cpu[0], "fast \(cpu[1]) CPU-s against accurate \(cpu[0]) CPU-s")
        #expect(texts == ["go forward ten meters", "go forward ten meters"])
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
