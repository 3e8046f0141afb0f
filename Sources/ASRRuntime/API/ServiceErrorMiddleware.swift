import Hummingbird

/// The one place where the service's errors become HTTP, for every endpoint: a `Rejection` is
/// 503 with `Retry-After` and its code; a language no engine serves is 400; an upstream engine's
/// error is 502, its timeout 504.
struct ServiceErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let rejection as Rejection {
            throw APIError.unavailable(rejection.message, code: rejection.code, retryAfter: rejection.retryAfterSeconds)
        } catch let unserved as UnservedLanguage {
            throw APIError.badRequest(unserved.description, code: "unsupported_language")
        } catch SpeechEngineError.upstreamFailed(let status, let message) {
            let error = SpeechEngineError.upstreamFailed(status: status, message: message)
            throw APIError(.badGateway, code: "upstream_error", error.description)
        } catch SpeechEngineError.upstreamTimeout(let seconds) {
            throw APIError(.gatewayTimeout, code: "upstream_timeout", SpeechEngineError.upstreamTimeout(seconds: seconds).description)
        }
    }
}
