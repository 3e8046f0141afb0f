import ASRContracts
import ASRLoad
import ASRRuntime
import Testing

/// Streaming costs little accuracy: the recorded speech sent as a device sends it (60 ms Opus
/// packets, manual mode) is recognised nearly as well as the same recordings decoded whole from
/// their PCM. Opus at 24 kbit/s, chunked decoding and the stream's running cepstral mean each
/// cost a little; a broken resampling, packet order or end of utterance costs most of the words.
@Suite(.serialized)
struct StreamAccuracyTests {
    typealias H = DeviceHarness

    @Test func streamedSpeechScoresWithinTenPointsOfWholeDecoding() async throws {
        let corpus = try TestCorpus.cards() + TestCorpus.librivox().prefix(2)
        try await H.with(["ASR_WORKER_THREADS": "1", "ASR_CACHE_SIZE_MB": "0"]) { services, client in
            var whole = WordErrorRate()
            var streamed = WordErrorRate()
            for utterance in corpus {
                let packets = try OpusEncoder(frameDurationMilliseconds: 60, bitrate: 24_000, complexity: 5).encode(samples: utterance.samples)
                let text = try await services.engine.recognize(utterance.audio, priority: .medium).text
                // A device of its own for each utterance: no cepstral mean carried over.
                let reply = try await H.device(client) { device in
                    _ = try await device.handshake()
                    return try await device.speakManually(packets)
                }.value
                whole.add(reference: utterance.reference, hypothesis: text)
                streamed.add(reference: utterance.reference, hypothesis: reply?.text ?? "")
            }
            #expect(whole.referenceWords > 40)
            #expect(whole.rate <= 0.25, "whole: \(whole)")
            #expect(streamed.rate <= whole.rate + 0.10, "streamed: \(streamed); whole: \(whole)")
        }
    }
}
