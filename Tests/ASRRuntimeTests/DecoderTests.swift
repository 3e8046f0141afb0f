import ASRContracts
import ASRRuntime
import Foundation
import TestSupport
import Testing

/// The PocketSphinx wrapper itself: streaming primitives and failures.
@Suite(.ownThreads) struct DecoderTests {
    /// Feeding 20 ms chunks (ASR_CHUNK_SIZE 640 B) of one second of faint noise, "go forward
    /// ten meters" (words from 0.46 s to 2.1 s of the recording) and another second of noise
    /// through the streaming primitives. The VAD reports speech during the words and not in
    /// the trailing noise; it drops out before the words begin. (It also flags the first
    /// ~0.8 s of a fresh stream as speech while it learns the noise floor — the streaming
    /// endpointer has to allow for that.) A whole-utterance decode on the same decoder
    /// afterwards is unaffected by the stream.
    @Test func streamingPrimitivesTrackSpeechAndLeaveWholeDecodesExact() async throws {
        let engine = try await SharedEngines.dictation()
        let speech = try TestCorpus.goForward().samples
        var generator = SplitMix64(seed: 7)
        let noise = (0..<16_000).map { _ in Int16(truncatingIfNeeded: generator.next() % 9) - 4 }
        let samples = noise + speech + noise
        let (speechChunks, streamed, whole) = try await engine.perform { decoder in
            decoder.startStream()
            try decoder.startUtterance()
            var speechChunks = Set<Int>()
            for (index, start) in stride(from: 0, to: samples.count, by: 320).enumerated() {
                if try decoder.process(Array(samples[start..<min(samples.count, start + 320)])) {
                    speechChunks.insert(index)
                }
            }
            let streamed = try decoder.endUtterance()
            let whole = try decoder.decode(PCMAudio(samples: speech))
            return (speechChunks, streamed, whole)
        }
        let chunks = samples.count / 320
        let wordsStart = 50 + 23
        let wordsEnd = 50 + 105  // chunk indices
        #expect((wordsStart...wordsEnd).allSatisfy(speechChunks.contains), "in speech during the words")
        #expect((25..<wordsStart).contains { !speechChunks.contains($0) }, "drops out before the words")
        #expect((chunks - 25..<chunks).allSatisfy { !speechChunks.contains($0) }, "not in speech at the end")
        #expect(streamed.text == "go forward ten meters")
        #expect(whole.text == "go forward ten meters")
        #expect(whole.frames > 200)
    }

    @Test func decodeDuringAnUtteranceIsRefused() async throws {
        let engine = try await SharedEngines.dictation()
        let refused = try await engine.perform { decoder -> Bool in
            try decoder.startUtterance()
            defer { _ = try? decoder.endUtterance() }
            do {
                _ = try decoder.decode(PCMAudio(samples: [0, 0]))
                return false
            } catch {
                return true
            }
        }
        #expect(refused)
    }

    @Test func missingModelIsNamed() {
        var configuration = PocketSphinxConfiguration.englishUS
        configuration.dictionary = "/nonexistent/cmudict.dict"
        #expect(throws: SpeechEngineError.modelFileMissing(role: "dictionary", path: "/nonexistent/cmudict.dict")) {
            try PocketSphinxDecoder(configuration: configuration)
        }
    }

    @Test func unknownOptionIsRefused() {
        let configuration = PocketSphinxConfiguration(
            modelDirectory: "/usr/share/pocketsphinx/model/en-us",
            extraArguments: ["-no_such_option", "1"]
        )
        #expect(throws: SpeechEngineError.invalidArguments(configuration.arguments)) {
            try PocketSphinxDecoder(configuration: configuration)
        }
    }

    @Test func configurationFollowsTheDebianLayout() {
        var runtime = RuntimeConfiguration.defaults
        runtime.searchLevel = .accurate
        let configuration = PocketSphinxConfiguration(runtime: runtime)
        #expect(configuration.engineID == "pocketsphinx-en-us")
        #expect(
            configuration.arguments == [
                "-hmm", "/usr/share/pocketsphinx/model/en-us/en-us",
                "-dict", "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict",
                "-lm", "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin",
            ]
        )
    }
}

/// What the device streams rely on: an utterance restarted after the decoder has listened to
/// background noise decodes correctly once the noise-learned cepstral mean is reset.
@Suite(.ownThreads) struct StreamingNormalisationTests {
    @Test func restoringTheInitialNormalisationUndoesAMeanLearnedFromNoise() async throws {
        let engine = try await SharedEngines.dictation()
        let speech = try TestCorpus.goForward().samples
        let onset = 6400  // 0.4 s: the words begin at ~0.46 s
        let text = try await engine.perform { decoder -> String in
            decoder.startStream()
            // Listen to the leading noise as the auto-mode probe does, then restart at the onset.
            try decoder.startUtterance()
            for start in stride(from: 0, to: onset, by: 320) { try decoder.process(Array(speech[start..<start + 320])) }
            _ = try decoder.endUtterance()
            decoder.restoreNormalisation(nil)
            try decoder.startUtterance()
            for start in stride(from: onset, to: speech.count, by: 320) {
                try decoder.process(Array(speech[start..<min(speech.count, start + 320)]))
            }
            return try decoder.endUtterance().text
        }
        #expect(text == "go forward ten meters")
    }
}
