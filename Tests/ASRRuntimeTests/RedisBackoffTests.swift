import Testing

@testable import ASRRuntime

@Suite struct RedisBackoffTests {
    @Test func doublesFromInitialToTheCap() {
        let backoff = RedisBackoff.standard
        let full = (0..<10).map { backoff.delay(afterFailures: $0, unit: 1) }
        #expect(
            full == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                .milliseconds(1600), .milliseconds(3200), .seconds(5), .seconds(5), .seconds(5), .seconds(5),
            ]
        )
        #expect(backoff.delay(afterFailures: 1000, unit: 1) == .seconds(5))
    }

    @Test func jitterOnlyShortensWithinTheFraction() {
        let backoff = RedisBackoff.standard
        #expect(backoff.delay(afterFailures: 0, unit: 0) == .milliseconds(80))
        #expect(backoff.delay(afterFailures: 20, unit: 0) == .seconds(4))
        for failures in 0..<12 {
            let delay = backoff.delay(afterFailures: failures)
            #expect(delay >= backoff.delay(afterFailures: failures, unit: 0))
            #expect(delay <= backoff.delay(afterFailures: failures, unit: 1))
        }
    }
}
