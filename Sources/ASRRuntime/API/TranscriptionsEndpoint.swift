import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// `POST /v1/audio/transcriptions`, the OpenAI form (multipart `file`, `model`, `language`,
/// `response_format`), so standard clients work against this runtime.
struct TranscriptionsEndpoint {
    let services: RuntimeServices

    struct Form: Decodable {
        var file: Data?
        var model: String?
        var language: String?
        var responseFormat: String?
        var prompt: String?
        var temperature: String?

        enum CodingKeys: String, CodingKey {
            case file, model, language, prompt, temperature
            case responseFormat = "response_format"
        }
    }

    struct JSONText: Encodable { var text: String }

    struct VerboseJSON: Encodable {
        var task = "transcribe"
        var language: String
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
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = Self.boundary(contentType) else {
            throw APIError.badRequest("send multipart/form-data with a `file` part (as OpenAI clients do)", code: "bad_form")
        }
        let body = try await RecognizeEndpoint.collect(request, limit: RecognizeEndpoint.maxBodyBytes)
        let form: Form
        do {
            form = try FormDataDecoder().decode(Form.self, from: body, boundary: boundary)
        } catch {
            throw APIError.badRequest("the multipart form could not be read: \(error)", code: "bad_form")
        }
        guard let file = form.file, !file.isEmpty else {
            throw APIError.badRequest("the form has no `file` part", code: "bad_form")
        }
        let format = (form.responseFormat ?? "json").lowercased()
        guard ["json", "text", "verbose_json"].contains(format) else {
            throw APIError.badRequest("response_format \(format) is not supported; use json, text or verbose_json", code: "bad_format")
        }
        let audio = WAVDecoder.looksLikeWAV(file) ? try AudioInput.wav(file, pool: services.recognition.pool) : try AudioInput.raw(file, pool: services.recognition.pool)
        let outcome = try await services.recognize(audio, language: form.language, priority: .medium)
        switch format {
        case "text":
            return JSONResponse.text(outcome.text + "\n", contentType: "text/plain; charset=utf-8")
        case "verbose_json":
            return try JSONResponse.make(VerboseJSON(
                language: form.language ?? services.configuration.language, duration: audio.duration, text: outcome.text,
                segments: outcome.text.isEmpty ? [] : [.init(id: 0, start: 0, end: audio.duration, text: outcome.text)]))
        default:
            return try JSONResponse.make(JSONText(text: outcome.text))
        }
    }

    /// The `boundary=` parameter of a multipart Content-Type.
    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" {
                return parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}
