/// One threshold crossed in a monitor cycle.
package struct MonitorAlert: Codable, Sendable, Equatable {
    /// The kinds of alert, as the log and `asrctl analyze` name them.
    package enum Kind: String, Codable, Sendable, CaseIterable {
        case serviceDown = "service_down"
        case responseTime = "response_time"
        case cacheHitRate = "cache_hit_rate"
        case serviceMemory = "service_memory"
        case cpu
        case errorRate = "error_rate"
    }

    package var kind: Kind
    package var message: String
    package var value: Double?
    package var threshold: Double?

    package init(kind: Kind, message: String, value: Double? = nil, threshold: Double? = nil) {
        self.kind = kind
        self.message = message
        self.value = value
        self.threshold = threshold
    }
}
