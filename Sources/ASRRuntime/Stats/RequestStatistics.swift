import Synchronization

/// Counters and latency percentiles of the recognition API, for /asr/stats and /metrics.
package final class RequestStatistics: Sendable {
    package struct Snapshot: Sendable {
        package let totalRequests: Int
        package let succeeded: Int
        package let failed: Int
        package let rejected: [RejectionReason: Int]
        package let cacheHitsL1: Int
        package let cacheHitsL2: Int
        package let deduplicated: Int
        package let decodes: Int
        package let audioSeconds: Double
        package let decodeSeconds: Double
        /// Mean end-to-end latency of successful requests, seconds.
        package let averageLatency: Double
        /// p50, p95, p99 of the recent successful requests, seconds.
        package let latencyP50: Double
        package let latencyP95: Double
        package let latencyP99: Double
        package let averageDecodeSeconds: Double

        /// Share of successful requests answered from a cache (0...1).
        package var cacheHitRate: Double {
            succeeded == 0 ? 0 : Double(cacheHitsL1 + cacheHitsL2) / Double(succeeded)
        }

        package var totalRejected: Int { rejected.values.reduce(0, +) }
    }

    /// How a request ended.
    package enum Outcome: Sendable {
        case decoded(latency: Double, decodeSeconds: Double, audioSeconds: Double)
        case deduplicated(latency: Double)
        case cacheHit(latency: Double, level: Int)
        case rejected(RejectionReason)
        case failed
    }

    private struct State {
        var total = 0
        var succeeded = 0
        var failed = 0
        var rejected: [RejectionReason: Int] = [:]
        var hitsL1 = 0
        var hitsL2 = 0
        var deduplicated = 0
        var decodes = 0
        var audioSeconds = 0.0
        var decodeSeconds = 0.0
        var latencySum = 0.0
        var window = LatencyWindow()
    }

    private let state = Mutex(State())
    /// Where each outcome is also counted for /metrics, if anywhere.
    package let metrics: RuntimeMetrics?

    package init(metrics: RuntimeMetrics? = nil) {
        self.metrics = metrics
    }

    package func record(_ outcome: Outcome) {
        metrics?.record(outcome)
        state.withLock { state in
            state.total += 1
            switch outcome {
            case let .decoded(latency, decode, audio):
                state.succeeded += 1
                state.decodes += 1
                state.decodeSeconds += decode
                state.audioSeconds += audio
                state.latencySum += latency
                state.window.record(latency)
            case let .deduplicated(latency):
                state.succeeded += 1
                state.deduplicated += 1
                state.latencySum += latency
                state.window.record(latency)
            case let .cacheHit(latency, level):
                state.succeeded += 1
                if level == 1 { state.hitsL1 += 1 } else { state.hitsL2 += 1 }
                state.latencySum += latency
                state.window.record(latency)
            case let .rejected(reason):
                state.rejected[reason, default: 0] += 1
            case .failed:
                state.failed += 1
            }
        }
    }

    package var snapshot: Snapshot {
        state.withLock { state in
            let p = state.window.percentiles([0.5, 0.95, 0.99])
            return Snapshot(
                totalRequests: state.total,
                succeeded: state.succeeded,
                failed: state.failed,
                rejected: state.rejected,
                cacheHitsL1: state.hitsL1,
                cacheHitsL2: state.hitsL2,
                deduplicated: state.deduplicated,
                decodes: state.decodes,
                audioSeconds: state.audioSeconds,
                decodeSeconds: state.decodeSeconds,
                averageLatency: state.succeeded == 0 ? 0 : state.latencySum / Double(state.succeeded),
                latencyP50: p[0],
                latencyP95: p[1],
                latencyP99: p[2],
                averageDecodeSeconds: state.decodes == 0 ? 0 : state.decodeSeconds / Double(state.decodes)
            )
        }
    }
}
