import ASRContracts
import Foundation

/// The L2 result cache in Redis, reached through hiredis.
///
/// Values are opaque bytes stored under `<keyPrefix>:<key>` with the configured TTL. Redis is
/// optional to the service: no call throws, and every call returns within
/// `configuration.timeout`. While Redis is down, calls return `.unavailable` / `false` at once
/// (no network wait) and a background thread reconnects with exponential backoff, so values
/// reach Redis again after it returns — no restart needed. `status` shows the state for
/// `/health` and `/asr/stats`.
///
/// All blocking hiredis work runs on one dedicated thread, never on the Swift cooperative pool
/// or an event loop. Creating a cache starts connecting immediately; calls made before the
/// first connection is up return `.unavailable` (see `waitUntilConnected(timeout:)`).
package final class RedisCache: Sendable {
    /// The settings this cache was created with.
    package let configuration: RedisCacheConfiguration
    private let worker: RedisWorker

    /// Starts the Redis thread and the first connection attempt in the background.
    package init(configuration: RedisCacheConfiguration) {
        self.configuration = configuration
        worker = RedisWorker(configuration: configuration)
    }

    /// A cache for the runtime's settings, or `nil` when `ASR_REDIS_URL` is empty (L2 off).
    /// - Throws: `RedisURLError` when `ASR_REDIS_URL` cannot be used.
    package convenience init?(runtime: RuntimeConfiguration) throws(RedisURLError) {
        guard let configuration = try RedisCacheConfiguration(runtime: runtime) else { return nil }
        self.init(configuration: configuration)
    }

    deinit {
        worker.stop()
    }

    /// Reads the value stored under `key`.
    /// - Returns: `.hit` with the stored bytes, `.miss` when Redis has no such key, or
    ///   `.unavailable` when Redis could not answer (down, reconnecting, timed out, error reply).
    package func get(_ key: String) async -> RedisLookup {
        let lookup: RedisLookup
        switch await execute([Data("GET".utf8), storageKey(key)]) {
        case .success(.string(let value)): lookup = .hit(value)
        case .success(.null): lookup = .miss
        case .success, .failure: lookup = .unavailable
        }
        worker.record(lookup)
        return lookup
    }

    /// Stores `value` under `key` for `ttl` (default: the configured TTL), replacing any old value.
    /// - Returns: whether Redis accepted the value; `false` when Redis is unavailable or the TTL
    ///   is zero or less (nothing is written then).
    @discardableResult
    package func set(_ key: String, _ value: Data, ttl: Duration? = nil) async -> Bool {
        let lifetime = ttl ?? configuration.ttl
        let (seconds, attoseconds) = lifetime.components
        let (wholeMilliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        let milliseconds = overflow ? Int64.max : wholeMilliseconds + attoseconds / 1_000_000_000_000_000
        guard milliseconds > 0 else { return false }
        let result = await execute([
            Data("SET".utf8), storageKey(key), value, Data("PX".utf8), Data(String(milliseconds).utf8),
        ])
        let stored = if case .success(.status("OK")) = result { true } else { false }
        worker.recordStore(succeeded: stored)
        return stored
    }

    /// Round-trip time of a `PING`, or `nil` when Redis is unavailable.
    package func ping() async -> Duration? {
        let clock = ContinuousClock()
        let start = clock.now
        guard case .success(.status("PONG")) = await execute([Data("PING".utf8)]) else { return nil }
        return clock.now - start
    }

    /// Number of keys in the selected database (`DBSIZE`), or `nil` when Redis is unavailable.
    package func databaseSize() async -> Int? {
        guard case .success(.integer(let count)) = await execute([Data("DBSIZE".utf8)]) else { return nil }
        return Int(exactly: count)
    }

    /// The `INFO` text of one section (e.g. `memory`, `server`, `stats`), or `nil` when Redis is unavailable.
    package func info(section: String = "memory") async -> String? {
        guard case .success(.string(let text)) = await execute([Data("INFO".utf8), Data(section.utf8)]) else {
            return nil
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The connection state right now.
    package var state: RedisConnectionState { worker.state }

    /// A snapshot of state, last error, reconnect attempts and counters.
    package var status: RedisCacheStatus { worker.status }

    /// Waits until the connection is up, polling the state; returns `false` if it is not up
    /// within `timeout`. Useful at start-up and in tests — requests never need to call it.
    package func waitUntilConnected(timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if case .connected = state { return true }
            if clock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
            if Task.isCancelled { return false }
        }
    }

    /// Closes the connection and stops the Redis thread; later calls return `.unavailable`.
    /// Also happens when the cache is released.
    package func shutdown() {
        worker.stop()
    }

    // MARK: - Internal

    /// `<keyPrefix>:<key>` as bytes.
    func storageKey(_ key: String) -> Data {
        configuration.keyPrefix.isEmpty ? Data(key.utf8) : Data("\(configuration.keyPrefix):\(key)".utf8)
    }

    /// Runs one command on the Redis thread. Refused at once unless connected; otherwise waits
    /// at most `configuration.timeout`, or until the calling task is cancelled.
    func execute(_ arguments: [Data]) async -> Result<RedisReply, RedisError> {
        let job = RedisJob(arguments: arguments)
        if let refusal = worker.submit(job) { return .failure(refusal) }
        let timeout = configuration.timeout
        return await withTaskCancellationHandler {
            let deadline = Task {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { job.complete(.failure(.timedOut)) }
            }
            let result = await job.result()
            deadline.cancel()
            return result
        } onCancel: {
            job.complete(.failure(.cancelled))
        }
    }
}
