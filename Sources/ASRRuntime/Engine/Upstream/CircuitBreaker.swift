import Synchronization

/// Stops calling an upstream that keeps failing: after `threshold` consecutive failures it
/// opens, and every request is refused at once for `openSeconds`; then one request is let
/// through as a probe (half open) — its success closes the breaker, its failure opens it again.
package final class CircuitBreaker: Sendable {
    /// Where the breaker stands; `rawValue` is what stats and metrics show.
    package enum Position: String, Sendable {
        case closed
        case open
        case halfOpen = "half_open"
    }

    private struct State {
        var position = Position.closed
        var consecutiveFailures = 0
        var openedAt = ContinuousClock.now
        var probeInFlight = false
        var opened = 0
        var lastFailure: String?
    }

    private let threshold: Int
    private let openSeconds: Double
    private let state = Mutex(State())

    package init(threshold: Int, openSeconds: Double) {
        self.threshold = max(1, threshold)
        self.openSeconds = openSeconds
    }

    /// Lets a request through, or refuses it with the seconds until a probe may go.
    /// - Returns: nil when the request may go; otherwise seconds to wait (at least 1).
    package func admit() -> Int? {
        state.withLock { state in
            switch state.position {
            case .closed:
                return nil
            case .open:
                let waited = (ContinuousClock.now - state.openedAt).seconds
                guard waited >= openSeconds else { return max(1, Int((openSeconds - waited).rounded(.up))) }
                state.position = .halfOpen
                state.probeInFlight = true
                return nil
            case .halfOpen:
                // One probe at a time; the others are refused until it answers.
                if state.probeInFlight { return max(1, Int(openSeconds.rounded(.up))) }
                state.probeInFlight = true
                return nil
            }
        }
    }

    /// The upstream answered.
    package func succeeded() {
        state.withLock { state in
            state.position = .closed
            state.consecutiveFailures = 0
            state.probeInFlight = false
        }
    }

    /// The upstream failed (unreachable, timed out, or a server error).
    package func failed(_ reason: String) {
        state.withLock { state in
            state.consecutiveFailures += 1
            state.lastFailure = reason
            state.probeInFlight = false
            if state.position == .halfOpen || state.consecutiveFailures >= threshold {
                if state.position != .open { state.opened += 1 }
                state.position = .open
                state.openedAt = .now
            }
        }
    }

    /// A request that never reached a verdict (cancelled): a probe slot it held is freed.
    package func abandoned() {
        state.withLock { $0.probeInFlight = false }
    }

    package var position: Position { state.withLock { $0.position } }

    /// Times the breaker opened, and the last failure's description.
    package var history: (opened: Int, lastFailure: String?) { state.withLock { ($0.opened, $0.lastFailure) } }
}
