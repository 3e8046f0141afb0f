/// The `multipart/form-data` body of an OpenAI-compatible transcription request: the utterance
/// as `file` (a WAV), `model`, `language`, `response_format=json` and an optional `prompt`.
/// The upstream engine sends it; `asrctl bench` sends the same bytes to an upstream directly.
package struct TranscriptionForm: Sendable {
    package let boundary: String
    /// The whole body.
    package let bytes: [UInt8]

    package init(audio: PCMAudio, model: String, language: String?, prompt: String?) {
        // Random, so that no audio byte run can be mistaken for the delimiter.
        let boundary = "asrctl-" + (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 36) }.joined()
        var body: [UInt8] = []
        body.reserveCapacity(audio.byteCount + 1024)
        func field(_ name: String, _ value: String) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        field("model", model)
        if let language, !language.isEmpty { field("language", language) }
        field("response_format", "json")
        if let prompt, !prompt.isEmpty { field("prompt", prompt) }
        body += Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"utterance.wav\"\r\nContent-Type: audio/wav\r\n\r\n".utf8
        )
        body += WAVEncoder.encode(audio)
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        self.boundary = boundary
        bytes = body
    }

    /// `multipart/form-data; boundary=…`.
    package var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}
