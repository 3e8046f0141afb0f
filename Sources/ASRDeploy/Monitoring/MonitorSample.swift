import Foundation

/// One monitor cycle: the service, its ASR figures, the host, and the alerts raised.
/// Written as one JSON line per cycle to the monitor log.
public struct MonitorSample: Codable, Sendable, Equatable {
    /// Whether the service answered, and how.
    public struct Service: Codable, Sendable, Equatable {
        public var up: Bool
        /// `/health` status (`healthy`, `loading`, `overloaded`, …), when it answered.
        public var status: String?
        public var httpStatus: Int?
        public var error: String?

        public init(up: Bool, status: String? = nil, httpStatus: Int? = nil, error: String? = nil) {
            self.up = up
            self.status = status
            self.httpStatus = httpStatus
            self.error = error
        }

        enum CodingKeys: String, CodingKey {
            case up, status, error
            case httpStatus = "http_status"
        }
    }

    /// The ASR figures: cumulative counters and this interval's rates.
    public struct ASR: Codable, Sendable, Equatable {
        public var totalRequests: Int
        /// Requests answered in this interval.
        public var intervalRequests: Int
        /// Mean recognition time of this interval's successful requests (nil when none).
        public var intervalAverageLatency: Double?
        public var latencyP95: Double
        /// This interval's cache hit rate (nil when no request succeeded).
        public var intervalCacheHitRate: Double?
        public var cacheHitRate: Double
        /// This interval's share of failed requests (nil when none finished).
        public var intervalErrorRate: Double?
        public var currentConcurrent: Int
        public var maxConcurrent: Int
        public var queued: Int
        public var rejected: Int
        /// The service's own RSS, MB.
        public var serviceMemoryMB: Double
        public var memoryLevel: String
        public var redis: String

        public init(
            totalRequests: Int,
            intervalRequests: Int,
            intervalAverageLatency: Double? = nil,
            latencyP95: Double,
            intervalCacheHitRate: Double? = nil,
            cacheHitRate: Double,
            intervalErrorRate: Double? = nil,
            currentConcurrent: Int,
            maxConcurrent: Int,
            queued: Int,
            rejected: Int,
            serviceMemoryMB: Double,
            memoryLevel: String,
            redis: String
        ) {
            self.totalRequests = totalRequests
            self.intervalRequests = intervalRequests
            self.intervalAverageLatency = intervalAverageLatency
            self.latencyP95 = latencyP95
            self.intervalCacheHitRate = intervalCacheHitRate
            self.cacheHitRate = cacheHitRate
            self.intervalErrorRate = intervalErrorRate
            self.currentConcurrent = currentConcurrent
            self.maxConcurrent = maxConcurrent
            self.queued = queued
            self.rejected = rejected
            self.serviceMemoryMB = serviceMemoryMB
            self.memoryLevel = memoryLevel
            self.redis = redis
        }

        enum CodingKeys: String, CodingKey {
            case totalRequests = "total_requests"
            case intervalRequests = "interval_requests"
            case intervalAverageLatency = "interval_avg_latency"
            case latencyP95 = "latency_p95"
            case intervalCacheHitRate = "interval_cache_hit_rate"
            case cacheHitRate = "cache_hit_rate"
            case intervalErrorRate = "interval_error_rate"
            case currentConcurrent = "current_concurrent"
            case maxConcurrent = "max_concurrent"
            case queued, rejected
            case serviceMemoryMB = "service_memory_mb"
            case memoryLevel = "memory_level"
            case redis
        }
    }

    public var timestamp: Date
    public var url: String
    public var service: Service
    public var asr: ASR?
    package var host: HostSample
    package var alerts: [MonitorAlert]

    package init(timestamp: Date, url: String, service: Service, asr: ASR?, host: HostSample, alerts: [MonitorAlert]) {
        self.timestamp = timestamp
        self.url = url
        self.service = service
        self.asr = asr
        self.host = host
        self.alerts = alerts
    }

    /// The JSON line (ISO-8601 time, sorted keys).
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Parses a JSON line written by `jsonLine()`.
    public static func parse(_ line: String) throws -> MonitorSample {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(MonitorSample.self, from: Data(line.utf8))
    }
}
