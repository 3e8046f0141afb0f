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
            throw APIError.badRequest(unserved.description, code: unserved.code)
        } catch let error as SpeechEngineError {
            switch error {
            case .upstreamFailed: throw APIError(.badGateway, code: error.code, error.description)
            case .upstreamTimeout: throw APIError(.gatewayTimeout, code: error.code, error.description)
            default: throw error
            }
        }
    }
}
