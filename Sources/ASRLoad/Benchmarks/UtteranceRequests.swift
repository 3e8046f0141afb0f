import ASRContracts
import ASRRuntime
import Foundation

/// One utterance (optionally marked apart, `AudioMark`) as the two requests §8 compares: the
/// guide's `POST /asr/recognize` JSON for asrctl, and the OpenAI transcription form asrctl's
/// upstream engine sends, for the upstream directly.
package struct UtteranceRequests {
    package let recognizeBody: [UInt8]
    package let form: TranscriptionForm

    package init(_ utterance: CorpusUtterance, mark: UInt32?, model: String, language: String) throws {
        var pcm = utterance.littleEndianBytes
        if let mark { AudioMark.stamp(mark, into: &pcm) }
        let request = RecognizeRequest(
            sessionID: "bench",
            audioData: Data(pcm).base64EncodedString(),
            sampleRate: PCMAudio.sampleRate,
            language: language,
            priority: 2
        )
        // As the guide's Python clients write it: `/` in the base64 unescaped. Foundation escapes it
        // by default, and 17 000 `\/` in a 2.8 s utterance cost the runtime's JSON parser ~2.5 ms.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        recognizeBody = Array(try encoder.encode(request))
        form = TranscriptionForm(audio: try PCMAudio(s16le: pcm), model: model, language: language, prompt: nil)
    }
}
