import ASRContracts
import Foundation
import Hummingbird
import NIOCore

/// `POST /asr/recognize`: the guide's JSON (base64 PCM) or a raw `audio/wav` / PCM body with
/// `?priority=&language=&session_id=` in the query.
struct RecognizeEndpoint {
    let services: RuntimeServices

    /// Largest accepted body: 60 s of audio as base64 JSON, with room for the other fields.
    static let maxBodyBytes = AudioInput.maxPCMBytes * 4 / 3 + 64 * 1024

    func handle(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await Self.collect(request, limit: Self.maxBodyBytes)
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let audio: PCMAudio
        var sessionID = request.uri.queryParameters.get("session_id")
        var language = request.uri.queryParameters.get("language")
        var priorityValue = request.uri.queryParameters.get("priority").flatMap { Int($0) }
        if contentType.contains("json") || (contentType.isEmpty && body.readableBytesView.first == UInt8(ascii: "{")) {
            let parsed: RecognizeRequest
            do {
                parsed = try JSONDecoder().decode(RecognizeRequest.self, from: Data(buffer: body))
            } catch {
                throw APIError.badRequest("request body is not the expected JSON: \(Self.describe(error))", code: "bad_json")
            }
            audio = try AudioInput.pcm(fromBase64: parsed.audioData, sampleRate: parsed.sampleRate, pool: services.recognition.pool)
            sessionID = parsed.sessionID ?? sessionID
            language = parsed.language ?? language
            priorityValue = parsed.priority ?? priorityValue
        } else if contentType.contains("wav") || WAVDecoder.looksLikeWAV(body.readableBytesView) {
            audio = try AudioInput.wav(body.readableBytesView, pool: services.recognition.pool)
        } else if contentType.isEmpty || contentType.contains("octet-stream") || contentType.contains("l16") || contentType.contains("pcm") {
            audio = try AudioInput.raw(body.readableBytesView, pool: services.recognition.pool)
        } else {
            throw APIError(
                .unsupportedMediaType,
                code: "unsupported_media_type",
                "Content-Type \(contentType) is not accepted; send application/json (base64 PCM), audio/wav or application/octet-stream (16 kHz s16le PCM)"
            )
        }
        let priority = try Self.priority(priorityValue)
        let outcome = try await services.recognition.recognize(audio, language: language ?? services.configuration.language, priority: priority)
        return try JSONResponse.make(
            RecognizeResponse(
                success: true,
                text: outcome.text,
                confidence: outcome.confidence,
                processingTime: outcome.latency,
                cached: outcome.cached,
                audioSize: audio.byteCount,
                sessionID: sessionID,
                cacheLevel: outcome.cached ? outcome.origin.rawValue : nil,
                engine: outcome.engine,
                language: outcome.language
            )
        )
    }

    static func priority(_ value: Int?) throws(APIError) -> RecognitionPriority {
        guard let value else { return .medium }
        guard let priority = RecognitionPriority(rawValue: value) else {
            throw .badRequest("priority \(value) is not allowed; use 1 (high), 2 (medium) or 3 (low)", code: "bad_priority")
        }
        return priority
    }

    /// Collects the body, answering 413 with a message when it is larger than `limit`.
    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        var request = request
        do {
            return try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge,
                code: "body_too_large",
                "request body is larger than \(limit) bytes (\(AudioInput.maxSeconds) s of audio)"
            )
        }
    }

    /// A decoding error in words a client can act on.
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "field \"\(path)\": \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        default: return "\(error)"
        }
    }
}
