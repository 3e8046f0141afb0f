/// Why a request was answered 503 instead of being served.
package enum RejectionReason: String, Sendable, Codable, CaseIterable {
    /// `ASR_QUEUE_SIZE` utterances were already waiting.
    case queueFull = "queue_full"
    /// RSS was at or above `ASR_MEMORY_CRITICAL_MB`.
    case memoryCritical = "memory_critical"
    /// The service is shutting down or not ready.
    case unavailable
    /// A device stream beyond `ASR_MAX_CONCURRENT`.
    case concurrencyLimit = "concurrency_limit"
    /// The upstream engine keeps failing; its circuit breaker refuses work until a probe succeeds.
    case engineUnavailable = "engine_unavailable"
}
