import ASRContracts
import Foundation
import Hummingbird
import NIOCore

/// An error answered as JSON `ErrorResponse` with its status (and `Retry-After` for 503).
package struct APIError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    package let status: HTTPResponse.Status
    package let code: String
    package let message: String
    package let retryAfterSeconds: Int?

    package init(_ status: HTTPResponse.Status, code: String, _ message: String, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    package var description: String { "\(status.code) \(code): \(message)" }

    package static func badRequest(_ message: String, code: String = "bad_request") -> APIError {
        APIError(.badRequest, code: code, message)
    }

    package static func unavailable(_ message: String, code: String, retryAfter: Int) -> APIError {
        APIError(.serviceUnavailable, code: code, message, retryAfterSeconds: retryAfter)
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = (try? JSONEncoder().encode(ErrorResponse(error: message, code: code))) ?? Data()
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
