import Hummingbird

/// Answers the service's `Rejection` as 503 Service Unavailable with `Retry-After` and the
/// rejection's code, for every endpoint.
struct RejectionMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let rejection as Rejection {
            throw APIError.unavailable(rejection.message, code: rejection.code, retryAfter: rejection.retryAfterSeconds)
        }
    }
}
