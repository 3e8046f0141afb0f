import Synchronization

/// What the upstream engine did: recognitions, retries, failures by kind and the latency of the
/// successful ones.
final class UpstreamStatistics: Sendable {
    /// Why a recognition through the upstream failed.
    enum FailureKind: String, Sendable, CaseIterable {
        /// Not reachable: refused, reset or closed before answering.
        case connection
        /// No answer within `ASR_UPSTREAM_TIMEOUT`.
        case timeout
        /// A 5xx answer.
        case serverError = "server_error"
        /// A 4xx answer: the request or the configuration (model, key) is wrong.
        case clientError = "client_error"
        /// 200, but not a transcription.
        case badResponse = "bad_response"
        /// Refused by the open circuit breaker without calling the upstream.
        case unavailable
    }

    private struct State {
        var requests = 0
        var succeeded = 0
        var retries = 0
        var failures: [FailureKind: Int] = [:]
        var latency = LatencyWindow()
    }

    private let state = Mutex(State())

    func sent() { state.withLock { $0.requests += 1 } }
    func retried() { state.withLock { $0.retries += 1 } }

    func succeeded(seconds: Double) {
        state.withLock {
            $0.succeeded += 1
            $0.latency.record(seconds)
        }
    }

    func failed(_ kind: FailureKind) { state.withLock { $0.failures[kind, default: 0] += 1 } }

    /// requests, succeeded, retries, failures by kind, latency p50/p95/p99.
    var snapshot: (requests: Int, succeeded: Int, retries: Int, failures: [String: Int], latency: [Double]) {
        state.withLock { state in
            (
                state.requests, state.succeeded, state.retries,
                Dictionary(uniqueKeysWithValues: state.failures.map { ($0.key.rawValue, $0.value) }),
                state.latency.percentiles([0.5, 0.95, 0.99])
            )
        }
    }
}
