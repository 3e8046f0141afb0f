import Foundation
import TestSupport

@testable import ASRRuntime

/// The Redis tests' name for a real `redis-server` (TestSupport's `RedisServer`).
typealias RedisServerProcess = RedisServer

/// What the Redis tests add to a test server: cache settings pointing at it, and commands over
/// an independent hiredis connection (not the cache's own).
extension RedisServer {
    /// Cache settings for this server with test-friendly defaults: 1 s timeout, fast backoff.
    func cacheConfiguration(
        keyPrefix: String = "asr_test",
        ttl: Duration = .seconds(900),
        timeout: Duration = .seconds(1),
        backoff: RedisBackoff = RedisBackoff(initial: .milliseconds(100), maximum: .milliseconds(500)),
        healthCheckInterval: Duration? = .seconds(5)
    ) throws -> RedisCacheConfiguration {
        RedisCacheConfiguration(
            endpoint: try RedisEndpoint(url: url),
            keyPrefix: keyPrefix,
            ttl: ttl,
            timeout: timeout,
            backoff: backoff,
            healthCheckInterval: healthCheckInterval
        )
    }

    /// Sends one command over a fresh, independent connection (not the cache's) and returns the reply.
    /// `prelude` commands (e.g. `AUTH`, `SELECT`) run first on the same connection.
    func raw(_ arguments: [String], prelude: [[String]] = []) throws -> RedisReply {
        try Self.raw(port: port, arguments.map { Data($0.utf8) }, prelude: prelude)
    }

    /// `raw` with binary arguments.
    func raw(data arguments: [Data], prelude: [[String]] = []) throws -> RedisReply {
        try Self.raw(port: port, arguments, prelude: prelude)
    }

    private static func raw(port: Int, _ arguments: [Data], prelude: [[String]]) throws -> RedisReply {
        let connection = try HiredisConnection(host: "127.0.0.1", port: port, timeout: .seconds(2))
        for command in prelude {
            _ = try connection.command(command.map { Data($0.utf8) }).get()
        }
        return try connection.command(arguments).get()
    }

    /// A port on 127.0.0.1 nobody listens on right now.
    static func freeLoopbackPort() throws -> Int { FreePort.next() }
}
