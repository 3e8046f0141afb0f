import CoreMetrics
import Metrics
import Prometheus

/// The runtime's Prometheus metrics, made through swift-metrics with a factory of its own
/// (no process-global bootstrap, so several runtimes — e.g. in tests — never share counters).
/// Counters and timers follow each request; gauges are refreshed on every scrape.
package final class RuntimeMetrics: Sendable {
    package let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let requests: [String: CoreMetrics.Counter]
    private let rejections: [RejectionReason: CoreMetrics.Counter]
    private let requestDuration: Metrics.Timer
    private let decodeDuration: Metrics.Timer
    private let decodedAudio: CoreMetrics.FloatingPointCounter

    package init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(240), .milliseconds(500), .seconds(1),
            .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        self.registry = registry
        self.factory = factory
        requests = Dictionary(
            uniqueKeysWithValues: ["decoded", "shared", "l1", "l2", "failed"].map {
                ($0, CoreMetrics.Counter(label: "asr_requests_total", dimensions: [("outcome", $0)], factory: factory))
            }
        )
        rejections = Dictionary(
            uniqueKeysWithValues: RejectionReason.allCases.map {
                ($0, CoreMetrics.Counter(label: "asr_rejections_total", dimensions: [("reason", $0.rawValue)], factory: factory))
            }
        )
        requestDuration = Metrics.Timer(label: "asr_request_duration_seconds", factory: factory)
        decodeDuration = Metrics.Timer(label: "asr_decode_duration_seconds", factory: factory)
        decodedAudio = FloatingPointCounter(label: "asr_decoded_audio_seconds_total", factory: factory)
    }

    func record(_ outcome: RequestStatistics.Outcome) {
        switch outcome {
        case let .decoded(latency, decode, audio):
            requests["decoded"]?.increment()
            requestDuration.recordSeconds(latency)
            decodeDuration.recordSeconds(decode)
            decodedAudio.increment(by: audio)
        case let .deduplicated(latency):
            requests["shared"]?.increment()
            requestDuration.recordSeconds(latency)
        case let .cacheHit(latency, level):
            requests[level == 1 ? "l1" : "l2"]?.increment()
            requestDuration.recordSeconds(latency)
        case let .rejected(reason):
            rejections[reason]?.increment()
        case .failed:
            requests["failed"]?.increment()
        }
    }

    /// Sets a gauge (created on first use) to `value`.
    package func set(_ name: String, _ value: Double, labels: [(String, String)] = []) {
        CoreMetrics.Gauge(label: name, dimensions: labels, factory: factory).record(value)
    }

    /// The Prometheus text exposition of every metric.
    package func exposition() -> String {
        registry.emitToString()
    }
}
