extension RuntimeServices {
    /// Recognises for the API: 503 (with Retry-After) while not ready or when work is refused.
    func recognize(_ audio: PCMAudio, language: String?, priority: RecognitionPriority) async throws -> RecognitionOutcome {
        switch state {
        case .loading:
            throw APIError.unavailable("the speech models are still loading", code: "loading", retryAfter: 1)
        case .failed:
            throw APIError.unavailable("the speech models failed to load; see the service log", code: "engine_failed", retryAfter: 30)
        case .draining:
            throw APIError.unavailable("the service is shutting down", code: "shutting_down", retryAfter: 5)
        case .ready:
            break
        }
        do {
            return try await recognition.recognize(audio, language: language ?? configuration.language, priority: priority)
        } catch let rejection as SchedulerRejection {
            throw APIError.unavailable(rejection.message, code: rejection.reason.rawValue, retryAfter: rejection.retryAfterSeconds)
        }
    }
}
