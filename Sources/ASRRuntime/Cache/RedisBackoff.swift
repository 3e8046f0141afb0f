/// Delays between reconnect attempts: `initial` doubling per failed attempt up to `maximum`,
/// each scaled down by a random factor in `[1 − jitter, 1]` so many processes restarted
/// together do not reconnect in lock-step.
package struct RedisBackoff: Sendable, Hashable {
    /// Delay before the first reconnect attempt after the connection was lost.
    package var initial: Duration
    /// Cap on any delay.
    package var maximum: Duration
    /// Fraction (0...1) of each delay that is randomised.
    package var jitter: Double

    /// 100 ms doubling to 5 s, with 20 % jitter.
    package static let standard = RedisBackoff()

    package init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5), jitter: Double = 0.2) {
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
    }

    /// The delay after `failures` failed attempts (0 = the connection was just lost), using a
    /// random factor `unit` in 0...1 (0 gives the shortest, 1 the full delay).
    package func delay(afterFailures failures: Int, unit: Double) -> Duration {
        let initialSeconds = initial.seconds
        let maximumSeconds = max(maximum.seconds, 0)
        let doubled = initialSeconds * Double(1 << min(max(failures, 0), 30))
        let capped = min(max(doubled, 0), maximumSeconds)
        let spread = min(max(jitter, 0), 1)
        let factor = 1 - spread * (1 - min(max(unit, 0), 1))
        return .milliseconds(Int64((capped * factor * 1000).rounded()))
    }

    /// The delay after `failures` failed attempts, with fresh randomness.
    package func delay(afterFailures failures: Int) -> Duration {
        delay(afterFailures: failures, unit: Double.random(in: 0...1))
    }
}
