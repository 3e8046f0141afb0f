import ASRRuntime
import Foundation
import Testing

/// Decoders that share the n-gram language model (one instance per decoder thread) and load the
/// dictionary cut to its words decode exactly as decoders with their own model and the whole
/// dictionary: same words, score and confidence, whichever instance they use and even when an
/// utterance moves between instances.
@Suite struct SharedLanguageModelTests {
    /// Every recording with a transcript (goforward, cards, librivox), decoded on two threads
    /// at once by decoders sharing two instances, against a decoder with its own model.
    @Test func sharedModelDecodesEveryRecordingExactlyAsAPrivateOne() async throws {
        let corpus = try TestCorpus.all()
        let privateEngine = try await SharedEngines.dictation()
        var expected: [String: DecoderHypothesis] = [:]
        for utterance in corpus {
            let audio = utterance.audio
            expected[utterance.id] = try await privateEngine.perform { decoder in try decoder.decode(audio) }
        }
        let model = try #require(PocketSphinxDecoder.SharedLanguageModel(configuration: .englishUS, slots: 2))
        let shared = PocketSphinxEngine(configuration: .englishUS, workerCount: 2, languageModel: model)
        try await shared.start()
        let results = try await withThrowingTaskGroup(of: (String, DecoderHypothesis, Int?).self) { group in
            for utterance in corpus {
                let audio = utterance.audio
                group.addTask {
                    try await shared.perform { decoder in (utterance.id, try decoder.decode(audio), decoder.languageModelSlot) }
                }
            }
            return try await group.reduce(into: [(String, DecoderHypothesis, Int?)]()) { $0.append($1) }
        }
        await shared.shutdown()
        #expect(model.isLoaded)
        // The shared decoders loaded cmudict cut to the model's words (and still matched).
        let narrowed = try #require(model.narrowedDictionaries[PocketSphinxConfiguration.englishUS.dictionary])
        let entries = try String(contentsOfFile: narrowed, encoding: .utf8).split(separator: "\n").count
        #expect(entries == 79_420, "cmudict's 134,723 entries cut to the language model's 72,547 words and their variants")
        #expect(results.count == corpus.count)
        for (id, hypothesis, slot) in results {
            #expect(hypothesis == expected[id], "\(id) on slot \(slot.map(String.init) ?? "none")")
            #expect(slot == 0 || slot == 1, "each worker scores with its own instance")
        }
    }

    /// A stream decoder's utterance may run its chunks on different decoder threads: switching
    /// the instance mid-utterance changes nothing.
    @Test func switchingInstancesMidUtteranceChangesNothing() async throws {
        let speech = try TestCorpus.goForward().samples
        // Two slots, one worker (slot 0): nothing else ever scores slot 1 here.
        let model = PocketSphinxDecoder.SharedLanguageModel(path: "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin", slots: 2)
        let engine = PocketSphinxEngine(configuration: .englishUS, workerCount: 1, languageModel: model)
        try await engine.start()
        let (steady, switched, ownModel) = try await engine.perform { _ in
            let decoder = try PocketSphinxDecoder(configuration: .englishUS, languageModel: model, slot: 0)
            func stream(switchAt: Int?) throws -> DecoderHypothesis {
                decoder.startStream()
                try decoder.useLanguageModel(slot: 0)
                try decoder.startUtterance()
                for start in stride(from: 0, to: speech.count, by: 640) {
                    if start == switchAt { try decoder.useLanguageModel(slot: 1) }
                    try decoder.process(Array(speech[start..<min(speech.count, start + 640)]))
                }
                return try decoder.endUtterance()
            }
            // The first utterance a decoder streams scores a little differently from later ones
            // (-7066 against -7073 here, same words and confidence) whatever its language
            // model: state `startStream` does not reset. So the first is compared with a
            // first, and the switch with a steady later one.
            let first = try stream(switchAt: nil)
            let steady = try stream(switchAt: nil)
            let switched = try stream(switchAt: 640 * 70)
            let switchedAtOnce = try stream(switchAt: 0)
            let own = try PocketSphinxDecoder(configuration: .englishUS)
            own.startStream()
            try own.startUtterance()
            for start in stride(from: 0, to: speech.count, by: 640) {
                try own.process(Array(speech[start..<min(speech.count, start + 640)]))
            }
            return ((first, steady), (switched, switchedAtOnce), try own.endUtterance())
        }
        await engine.shutdown()
        #expect(steady.1.text == "go forward ten meters")
        #expect(switched.0 == steady.1, "switched from slot 0 to 1 mid-utterance")
        #expect(switched.1 == steady.1, "all on slot 1")
        #expect(steady.0 == ownModel, "a first utterance as on a decoder with its own model")
    }

    @Test func aSharedModelMustBeTheConfiguredOne() {
        let other = PocketSphinxDecoder.SharedLanguageModel(path: "/usr/share/pocketsphinx/model/en-us/en-us-phone.lm.bin", slots: 1)
        #expect(throws: SpeechEngineError.self) { try PocketSphinxDecoder(configuration: .englishUS, languageModel: other) }
        let model = PocketSphinxDecoder.SharedLanguageModel(path: "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin", slots: 1)
        #expect(throws: SpeechEngineError.self) { try PocketSphinxDecoder(configuration: .englishUS, languageModel: model, slot: 1) }
        #expect(
            PocketSphinxDecoder.SharedLanguageModel(configuration: PocketSphinxConfiguration.englishUS.withGrammar(TestCorpus.cardsGrammar), slots: 1)
                == nil
        )
        #expect(!model.isLoaded, "nothing is read until a decoder uses it")
    }
}
