import Foundation
import Hummingbird
import NIOCore

/// `POST /v1/audio/transcriptions`, the OpenAI form (multipart `file`, `model`, `language`,
/// `response_format`), so standard clients work against this runtime.
struct TranscriptionsEndpoint {
    let services: RuntimeServices

    /// OpenAI's `json` answer, plus which engine and language produced the text.
    struct JSONText: Encodable {
        var text: String
        var engine: String
        var language: String
    }

    struct VerboseJSON: Encodable {
        var task = "transcribe"
        var language: String
        var engine: String
        var duration: Double
        var text: String
        var segments: [Segment]

        struct Segment: Encodable {
            var id: Int
            var start: Double
            var end: Double
            var text: String
        }
    }

    func handle(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let boundary = MultipartForm.boundary(contentType: request.headers[.contentType] ?? "") else {
            throw APIError.badRequest("send multipart/form-data with a `file` part (as OpenAI clients do)", code: "bad_form")
        }
        let body = try await RecognizeEndpoint.collect(request, limit: RecognizeEndpoint.maxBodyBytes)
        let form: MultipartForm
        do {
            form = try MultipartForm(Array(body.readableBytesView), boundary: boundary)
        } catch {
            throw APIError.badRequest("the multipart form could not be read: \(error)", code: "bad_form")
        }
        guard let file = form.part("file")?.body, !file.isEmpty else {
            throw APIError.badRequest("the form has no `file` part", code: "bad_form")
        }
        let language = form.text("language")
        let format = (form.text("response_format") ?? "json").lowercased()
        guard ["json", "text", "verbose_json"].contains(format) else {
            throw APIError.badRequest("response_format \(format) is not supported; use json, text or verbose_json", code: "bad_format")
        }
        let audio =
            WAVDecoder.looksLikeWAV(file)
            ? try AudioInput.wav(file, pool: services.recognition.pool) : try AudioInput.raw(file, pool: services.recognition.pool)
        let outcome = try await services.recognition.recognize(audio, language: language ?? services.configuration.language, priority: .medium)
        switch format {
        case "text":
            return JSONResponse.text(outcome.text + "\n", contentType: "text/plain; charset=utf-8")
        case "verbose_json":
            return try JSONResponse.make(
                VerboseJSON(
                    language: outcome.language,
                    engine: outcome.engine,
                    duration: audio.duration,
                    text: outcome.text,
                    segments: outcome.text.isEmpty ? [] : [.init(id: 0, start: 0, end: audio.duration, text: outcome.text)]
                )
            )
        default:
            return try JSONResponse.make(JSONText(text: outcome.text, engine: outcome.engine, language: outcome.language))
        }
    }
}
