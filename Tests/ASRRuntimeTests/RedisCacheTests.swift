import Foundation
import TestSupport
import Testing

@testable import ASRRuntime

/// `RedisCache` against a real redis-server on a loopback port: values, TTL, prefix, auth.
@Suite(.ownThreads) struct RedisCacheTests {
    /// A cache connected to `server`, or a recorded issue.
    private func connectedCache(_ configuration: RedisCacheConfiguration) async throws -> RedisCache {
        let cache = RedisCache(configuration: configuration)
        let connected = await cache.waitUntilConnected(timeout: .seconds(10))
        try #require(connected, "cache did not connect: \(cache.status)")
        return cache
    }

    @Test func binaryValuesRoundTrip() async throws {
        let server = try RedisServerProcess()
        let cache = try await connectedCache(server.cacheConfiguration())
        let binary = Data((0...255).map(UInt8.init) + [13, 10, 0, 36, 42])
        let large = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        #expect(await cache.set("binary", binary))
        #expect(await cache.set("empty", Data()))
        #expect(await cache.set("large", large))
        #expect(await cache.set("ключ with spaces\r\n", Data("текст".utf8)))
        #expect(await cache.get("binary") == .hit(binary))
        #expect(await cache.get("empty") == .hit(Data()))
        #expect(await cache.get("large") == .hit(large))
        #expect(await cache.get("ключ with spaces\r\n") == .hit(Data("текст".utf8)))
        // Overwrite replaces.
        #expect(await cache.set("binary", Data([1])))
        #expect(await cache.get("binary") == .hit(Data([1])))
    }

    @Test func missingKeyIsAMiss() async throws {
        let server = try RedisServerProcess()
        let cache = try await connectedCache(server.cacheConfiguration())
        #expect(await cache.get("never-written") == .miss)
        let status = cache.status
        #expect(status.misses == 1 && status.hits == 0 && status.unavailable == 0)
    }

    @Test func keyPrefixIsApplied() async throws {
        let server = try RedisServerProcess()
        let cache = try await connectedCache(server.cacheConfiguration(keyPrefix: "asr_4c8g"))
        #expect(await cache.set("abc123", Data("hello".utf8)))
        #expect(try server.raw(["GET", "asr_4c8g:abc123"]) == .string(Data("hello".utf8)))
        #expect(try server.raw(["EXISTS", "abc123"]) == .integer(0))
        #expect(try server.raw(["KEYS", "*"]) == .array([.string(Data("asr_4c8g:abc123".utf8))]))
        // And the other way: a value another instance wrote under the prefix is a hit.
        #expect(try server.raw(["SET", "asr_4c8g:from-peer", "v"]) == .status("OK"))
        #expect(await cache.get("from-peer") == .hit(Data("v".utf8)))
    }

    @Test func configuredTTLIsApplied() async throws {
        let server = try RedisServerProcess()
        let cache = try await connectedCache(server.cacheConfiguration(ttl: .seconds(900)))
        #expect(await cache.set("k", Data("v".utf8)))
        guard case .integer(let pttl) = try server.raw(["PTTL", "asr_test:k"]) else {
            Issue.record("PTTL did not return an integer")
            return
        }
        #expect(pttl > 0 && pttl <= 900_000)
        #expect(pttl > 890_000, "TTL should be close to the configured 900 s, was \(pttl) ms")
        guard case .integer(let ttl) = try server.raw(["TTL", "asr_test:k"]) else {
            Issue.record("TTL did not return an integer")
            return
        }
        #expect(ttl > 0 && ttl <= 900)
    }

    @Test func oneSecondTTLExpires() async throws {
        let server = try RedisServerProcess()
        let cache = try await connectedCache(server.cacheConfiguration())
        #expect(await cache.set("short", Data("v".utf8), ttl: .seconds(1)))
        guard case .integer(let pttl) = try server.raw(["PTTL", "asr_test:short"]) else {
            Issue.record("PTTL did not return an integer")
            return
        }
        #expect(pttl > 0 && pttl <= 1000)
        #expect(await cache.get("short") == .hit(Data("v".utf8)))
        // Expired within a generous bound, not at an exact instant.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(6)
        var lookup = await cache.get("short")
        while lookup != .miss, clock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            lookup = await cache.get("short")
        }
        #expect(lookup == .miss)
    }

    @Test func zeroTTLStoresNothing() async throws {
        let server = try RedisServerProcess()
        let cache = try await connectedCache(server.cacheConfiguration(ttl: .zero))
        #expect(await cache.set("k", Data("v".utf8)) == false)
        #expect(await cache.databaseSize() == 0)
        #expect(await cache.get("k") == .miss)
    }

    @Test func passwordAndDatabaseFromTheURL() async throws {
        let server = try RedisServerProcess(extraArguments: ["--requirepass", "s3cret"])
        let endpoint = try RedisEndpoint(url: "redis://:s3cret@127.0.0.1:\(server.port)/3")
        let cache = try await connectedCache(RedisCacheConfiguration(endpoint: endpoint, timeout: .seconds(1)))
        #expect(await cache.set("k", Data("in-db-3".utf8)))
        #expect(
            try server.raw(["GET", "asr_4c8g:k"], prelude: [["AUTH", "s3cret"], ["SELECT", "3"]])
                == .string(Data("in-db-3".utf8))
        )
        #expect(try server.raw(["DBSIZE"], prelude: [["AUTH", "s3cret"]]) == .integer(0))
        #expect(cache.status.address == "127.0.0.1:\(server.port)/3")
    }

    @Test func wrongPasswordLeavesItDisconnectedWithTheReason() async throws {
        let server = try RedisServerProcess(extraArguments: ["--requirepass", "s3cret"])
        let endpoint = try RedisEndpoint(url: "redis://:not-this-one@127.0.0.1:\(server.port)")
        let cache = RedisCache(configuration: RedisCacheConfiguration(endpoint: endpoint, timeout: .seconds(1)))
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while cache.status.lastError == nil, clock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let status = cache.status
        #expect(status.state == "disconnected")
        #expect(status.lastError?.contains("AUTH") == true)
        #expect(status.lastError?.contains("not-this-one") == false, "the password must not leak into the status")
        #expect(await cache.get("k") == .unavailable)
    }

    @Test func pingInfoAndDatabaseSize() async throws {
        let server = try RedisServerProcess()
        let cache = try await connectedCache(server.cacheConfiguration())
        let rtt = try #require(await cache.ping())
        // A round trip was measured (bounded by the call's timeout; the machine may be busy).
        #expect(rtt > .zero && rtt < .seconds(5))
        #expect(await cache.set("a", Data([1])))
        #expect(await cache.set("b", Data([2])))
        #expect(await cache.databaseSize() == 2)
        let memory = try #require(await cache.info(section: "memory"))
        #expect(memory.contains("used_memory:"))
    }

    @Test func statusIsCodableAndCounts() async throws {
        let server = try RedisServerProcess()
        let cache = try await connectedCache(server.cacheConfiguration())
        #expect(await cache.set("k", Data("v".utf8)))
        #expect(await cache.get("k") == .hit(Data("v".utf8)))
        #expect(await cache.get("nope") == .miss)
        let status = cache.status
        #expect(status.state == "connected")
        #expect(status.connectionState == .connected)
        #expect(status.address == "127.0.0.1:\(server.port)/0")
        #expect(status.hits == 1 && status.misses == 1 && status.stores == 1 && status.unavailable == 0)
        #expect(status.connects == 1 && status.consecutiveFailures == 0 && status.lastError == nil)
        #expect(status.lastSuccess != nil && status.nextReconnectAt == nil)
        let json = try JSONEncoder().encode(status)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains(#""state":"connected""#))
        #expect(try JSONDecoder().decode(RedisCacheStatus.self, from: json) == status)
    }

    @Test func shutdownMakesCallsUnavailable() async throws {
        let server = try RedisServerProcess()
        let cache = try await connectedCache(server.cacheConfiguration())
        cache.shutdown()
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while cache.state == .connected, clock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(await cache.get("k") == .unavailable)
        #expect(await cache.set("k", Data()) == false)
        #expect(cache.status.state == "disconnected")
    }
}
