import Foundation
import TestSupport
import Testing

@testable import ASRRuntime

/// Redis going away, hanging, or never being there: calls stay bounded, fail fast once the
/// outage is known, and the cache reconnects by itself. Serialized so timing is not disturbed
/// by this suite's own servers; each test but the pool check runs on threads of its own
/// (`.ownThreads`), so other suites blocking the two cooperative threads cannot stretch it.
@Suite(.serialized) struct RedisOutageTests {
    private let clock = ContinuousClock()
    /// The network timeout used by these tests (`ASR_NETWORK_TIMEOUT`-style).
    private let timeout: Duration = .seconds(3)
    /// Slack for a loaded machine: the whole suite runs in parallel on 2 cores, next to
    /// runtimes, redis-servers and a Docker engine. A call hanging on the network would never
    /// end, so the bound only asserts an end. (Calls that "took" 10 s and 23 s in CI runs were
    /// waiting for a cooperative thread that other tests blocked; `.ownThreads` ended that.)
    private let slack: Duration = .seconds(20)
    /// How fast a call must return once the connection is known down: no network I/O at all,
    /// so far below the timeout even on a loaded machine.
    private let fastFail: Duration = .milliseconds(1500)

    /// Polls `condition` every 10 ms until it holds or `limit` passes; returns whether it held.
    private func eventually(within limit: Duration, _ condition: () -> Bool) async throws -> Bool {
        let deadline = clock.now + limit
        while !condition() {
            if clock.now >= deadline { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    @Test(.ownThreads) func killMidRunFailsFastThenRecoversAfterRestart() async throws {
        let server = try RedisServerProcess()
        let cache = RedisCache(configuration: try server.cacheConfiguration(timeout: timeout))
        try #require(await cache.waitUntilConnected(timeout: .seconds(10)))

        var fastFailures = 0
        for index in 0..<50 {
            if index == 20 { server.kill() }
            let knownDown = cache.state != .connected
            let start = clock.now
            let succeeded: Bool
            if index.isMultiple(of: 2) {
                succeeded = await cache.set("k\(index)", Data("value \(index)".utf8))
            } else {
                let lookup = await cache.get("k\(index - 1)")
                succeeded = lookup != .unavailable
                if index < 20 { #expect(lookup == .hit(Data("value \(index - 1)".utf8))) }
            }
            let elapsed = clock.now - start
            #expect(elapsed < timeout + slack, "call \(index) took \(elapsed)")
            if index < 20 { #expect(succeeded, "call \(index) before the kill failed") }
            if knownDown {
                #expect(!succeeded, "call \(index) succeeded while Redis was down")
                #expect(elapsed < fastFail, "call \(index) took \(elapsed) although Redis was known down")
                fastFailures += 1
            }
        }
        // The first call after the kill discovers it; all later ones fail fast.
        #expect(fastFailures >= 28)

        let down = cache.status
        #expect(down.state == "disconnected")
        #expect(down.lastError?.isEmpty == false)
        #expect(down.lastErrorAt != nil)
        #expect(down.consecutiveFailures >= 1)
        #expect(down.unavailable >= 29)
        #expect(down.nextReconnectAt != nil)
        guard case .disconnected(_, let reason) = cache.state else {
            Issue.record("state is \(cache.state) while Redis is down")
            return
        }
        #expect(!reason.isEmpty)

        // Stay down long enough for several backoff rounds, then come back on the same port.
        try await Task.sleep(for: .milliseconds(600))
        #expect(cache.status.reconnectAttempts >= 2)
        try server.restart()
        let restarted = clock.now
        // Backoff is capped at 500 ms here, so a reconnect is due within about that.
        try #require(await cache.waitUntilConnected(timeout: .milliseconds(500) + slack), "no reconnect: \(cache.status)")
        let reconnectTime = clock.now - restarted
        #expect(reconnectTime < .milliseconds(500) + slack)

        #expect(await cache.set("after-restart", Data("back".utf8)))
        #expect(try server.raw(["GET", "asr_test:after-restart"]) == .string(Data("back".utf8)))
        let up = cache.status
        #expect(up.state == "connected" && up.connects == 2 && up.reconnectAttempts == 0)
        #expect(up.consecutiveFailures == 0)
    }

    @Test(.ownThreads) func concurrentCallsDuringAKillAllReturnInTime() async throws {
        let server = try RedisServerProcess()
        let cache = RedisCache(configuration: try server.cacheConfiguration(timeout: timeout))
        try #require(await cache.waitUntilConnected(timeout: .seconds(10)))
        let start = clock.now
        let durations = await withTaskGroup(of: Duration.self, returning: [Duration].self) { group in
            for index in 0..<50 {
                group.addTask {
                    let clock = ContinuousClock()
                    try? await Task.sleep(for: .milliseconds(4 * index))
                    let begin = clock.now
                    if index.isMultiple(of: 2) {
                        _ = await cache.set("c\(index)", Data(count: 64))
                    } else {
                        _ = await cache.get("c\(index - 1)")
                    }
                    return clock.now - begin
                }
            }
            try? await Task.sleep(for: .milliseconds(80))
            server.kill()
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(durations.count == 50)
        #expect(durations.allSatisfy { $0 < timeout + slack }, "slowest: \(durations.max() ?? .zero)")
        #expect(clock.now - start < .seconds(10))
        #expect(try await eventually(within: .seconds(3)) { cache.state != .connected })
    }

    @Test(.ownThreads) func idleOutageIsNoticedByTheHealthCheck() async throws {
        let server = try RedisServerProcess()
        let cache = RedisCache(
            configuration: try server.cacheConfiguration(
                timeout: timeout,
                healthCheckInterval: .milliseconds(200)
            )
        )
        try #require(await cache.waitUntilConnected(timeout: .seconds(10)))
        server.kill()
        // No calls at all: the periodic PING must see it.
        #expect(try await eventually(within: .seconds(5)) { cache.state != .connected }, "\(cache.status)")
        try server.restart()
        #expect(await cache.waitUntilConnected(timeout: .seconds(10)), "\(cache.status)")
    }

    @Test(.ownThreads) func closedPortFailsWithinTheTimeout() async throws {
        let port = try RedisServerProcess.freeLoopbackPort()
        let cache = RedisCache(
            configuration: RedisCacheConfiguration(
                endpoint: RedisEndpoint(host: "127.0.0.1", port: port),
                timeout: timeout,
                backoff: RedisBackoff(initial: .milliseconds(100), maximum: .milliseconds(500))
            )
        )
        #expect(try await eventually(within: timeout + slack) { cache.status.lastError != nil })
        let status = cache.status
        #expect(status.state == "disconnected")
        #expect(status.lastError?.contains("refused") == true, "\(status.lastError ?? "nil")")
        let start = clock.now
        #expect(await cache.get("k") == .unavailable)
        #expect(await cache.set("k", Data([1])) == false)
        #expect(clock.now - start < fastFail * 2)
        // It keeps trying in the background.
        #expect(try await eventually(within: .seconds(5)) { cache.status.reconnectAttempts >= 3 })
    }

    @Test(.ownThreads) func connectThatNeverCompletesTimesOut() async throws {
        let server = try RedisSilentServer(.unreachable)
        let cache = RedisCache(
            configuration: RedisCacheConfiguration(
                endpoint: RedisEndpoint(host: "127.0.0.1", port: server.port),
                timeout: timeout
            )
        )
        let start = clock.now
        #expect(cache.state == .connecting)
        // Callers are not held up by the pending connect.
        #expect(await cache.get("k") == .unavailable)
        #expect(clock.now - start < fastFail * 2)
        #expect(try await eventually(within: timeout + slack * 2) { cache.status.lastError != nil })
        let elapsed = clock.now - start
        #expect(elapsed >= timeout * 0.8)
        #expect(cache.status.state == "disconnected")
        #expect(cache.status.lastError?.contains("timed out") == true, "\(cache.status.lastError ?? "nil")")
    }

    @Test(.ownThreads) func serverThatAcceptsButNeverAnswersIsNotConnected() async throws {
        let server = try RedisSilentServer(.silent)
        let cache = RedisCache(
            configuration: RedisCacheConfiguration(
                endpoint: RedisEndpoint(host: "127.0.0.1", port: server.port),
                timeout: timeout
            )
        )
        // TCP connects, but the PING that proves Redis answers times out.
        #expect(try await eventually(within: timeout + slack * 2) { cache.status.lastError != nil })
        let status = cache.status
        #expect(status.state == "disconnected")
        #expect(
            status.lastError?.contains("PING") == true && status.lastError?.contains("timed out") == true,
            "\(status.lastError ?? "nil")"
        )
        let start = clock.now
        #expect(await cache.get("k") == .unavailable)
        #expect(clock.now - start < fastFail * 2)
    }

    @Test(.ownThreads) func wedgedRedisTimesOutCommandsThenRecovers() async throws {
        let server = try RedisServerProcess()
        let cache = RedisCache(configuration: try server.cacheConfiguration(timeout: timeout))
        try #require(await cache.waitUntilConnected(timeout: .seconds(10)))
        #expect(await cache.set("k", Data("v".utf8)))

        server.pause()
        defer { server.resume() }
        let start = clock.now
        #expect(await cache.get("k") == .unavailable)
        let elapsed = clock.now - start
        #expect(elapsed >= timeout * 0.8, "returned after \(elapsed), before the timeout")
        #expect(elapsed < timeout + slack)
        #expect(try await eventually(within: timeout + slack) { cache.state != .connected })
        let status = cache.status
        #expect(status.state == "disconnected")
        #expect(status.lastError?.contains("timed out") == true, "\(status.lastError ?? "nil")")
        // Known down now: the next call does not wait for the timeout again.
        let again = clock.now
        #expect(await cache.get("k") == .unavailable)
        #expect(clock.now - again < fastFail)

        server.resume()
        #expect(await cache.waitUntilConnected(timeout: .seconds(15)), "\(cache.status)")
        #expect(await cache.get("k") == .hit(Data("v".utf8)))
    }

    @Test(.ownThreads) func fullQueueRefusesAtOnce() async throws {
        let server = try RedisServerProcess()
        var configuration = try server.cacheConfiguration(timeout: .seconds(3))
        configuration.maxPendingRequests = 1
        let cache = RedisCache(configuration: configuration)
        try #require(await cache.waitUntilConnected(timeout: .seconds(10)))
        server.pause()
        defer { server.resume() }
        // One call occupies the Redis thread, one waits in the queue; a third is refused at once.
        async let first = cache.get("a")
        try #require(try await eventually(within: .seconds(2)) { cache.status.pendingRequests == 1 })
        async let second = cache.get("b")
        try #require(try await eventually(within: .seconds(2)) { cache.status.pendingRequests == 2 })
        let start = clock.now
        #expect(await cache.get("c") == .unavailable)
        #expect(clock.now - start < fastFail)
        #expect(await first == .unavailable)
        #expect(await second == .unavailable)
    }

    @Test(.ownThreads) func cancellingTheCallerStopsItsWait() async throws {
        let server = try RedisServerProcess()
        let cache = RedisCache(configuration: try server.cacheConfiguration(timeout: .seconds(5)))
        try #require(await cache.waitUntilConnected(timeout: .seconds(10)))
        server.pause()
        defer { server.resume() }
        let start = clock.now
        let call = Task { await cache.get("k") }
        try await Task.sleep(for: .milliseconds(100))
        call.cancel()
        #expect(await call.value == .unavailable)
        #expect(clock.now - start < .seconds(4), "a cancelled caller waited for the 5 s timeout")
    }

    /// On the cooperative pool on purpose: that is what it checks.
    @Test func blockedRedisDoesNotStallTheCooperativePool() async throws {
        let server = try RedisServerProcess()
        let slow: Duration = .seconds(8)
        let cache = RedisCache(configuration: try server.cacheConfiguration(timeout: slow))
        try #require(await cache.waitUntilConnected(timeout: .seconds(10)))
        server.pause()
        defer { server.resume() }

        // Eight calls wait on the hung server (more than this machine's cooperative threads)
        // while other async work must keep running.
        let outcome = await withTaskGroup(of: (String, Duration).self, returning: [(String, Duration)].self) { group in
            let start = clock.now
            for index in 0..<8 {
                group.addTask {
                    _ = await cache.get("k\(index)")
                    return ("redis", ContinuousClock.now - start)
                }
            }
            group.addTask {
                for _ in 0..<20 { try? await Task.sleep(for: .milliseconds(10)) }
                return ("ticker", ContinuousClock.now - start)
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let ticker = try #require(outcome.first { $0.0 == "ticker" }?.1)
        let redis = outcome.filter { $0.0 == "redis" }.map(\.1)
        // The ticker needs ~0.2 s; it must not wait for the hung calls (8 s).
        #expect(ticker < .seconds(5), "async work stalled for \(ticker) while Redis hung")
        #expect(redis.allSatisfy { $0 < slow + slack })
    }
}
