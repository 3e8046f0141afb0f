import Foundation
@testable import ASRRuntime
#if canImport(Glibc)
import Glibc
#endif

/// A real `redis-server` on a free loopback port, for one test. Started without persistence;
/// killed (SIGKILL, like a crash) by `kill()` or when released; `restart()` brings it back on the
/// same port for outage tests.
///
/// `@unchecked Sendable`: tests only drive it from one task at a time; `process` is the only
/// mutable state and is never touched concurrently.
final class RedisServerProcess: @unchecked Sendable {
    /// Errors starting the server.
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    /// The loopback port the server listens on.
    let port: Int
    /// Extra `redis-server` arguments (e.g. `--requirepass`).
    let extraArguments: [String]
    private var process: Process?

    /// Starts a server on a free port and waits until it answers `PING`.
    init(extraArguments: [String] = []) throws {
        self.extraArguments = extraArguments
        var lastError: Error = StartError(description: "not started")
        // Another process may grab the port between probing and binding: try a few.
        for _ in 0 ..< 5 {
            let candidate = try Self.freeLoopbackPort()
            do {
                process = try Self.launch(port: candidate, extraArguments: extraArguments)
                port = candidate
                return
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    deinit {
        kill()
    }

    /// `redis://127.0.0.1:<port>`.
    var url: String { "redis://127.0.0.1:\(port)" }

    /// Cache settings for this server with test-friendly defaults: 1 s timeout, fast backoff.
    func cacheConfiguration(
        keyPrefix: String = "asr_test",
        ttl: Duration = .seconds(900),
        timeout: Duration = .seconds(1),
        backoff: RedisBackoff = RedisBackoff(initial: .milliseconds(100), maximum: .milliseconds(500)),
        healthCheckInterval: Duration? = .seconds(5)
    ) throws -> RedisCacheConfiguration {
        RedisCacheConfiguration(
            endpoint: try RedisEndpoint(url: url), keyPrefix: keyPrefix, ttl: ttl, timeout: timeout,
            backoff: backoff, healthCheckInterval: healthCheckInterval)
    }

    /// True while the server process runs.
    var isRunning: Bool { process?.isRunning ?? false }

    /// Kills the server with SIGKILL (no shutdown handshake, like a crash) and reaps it.
    func kill() {
        guard let process else { return }
        self.process = nil
        if process.isRunning {
            _ = Glibc.kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    /// Freezes the server with SIGSTOP: the kernel still accepts TCP connections for it, but
    /// nothing answers — a wedged Redis.
    func pause() {
        if let process, process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGSTOP) }
    }

    /// Lets a paused server run again (SIGCONT).
    func resume() {
        if let process, process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGCONT) }
    }

    /// Starts the server again on the same port and waits until it answers `PING`.
    func restart() throws {
        kill()
        var lastError: Error = StartError(description: "not restarted")
        // The old listening socket is gone after SIGKILL; retry briefly in case the kernel lags.
        for _ in 0 ..< 5 {
            do {
                process = try Self.launch(port: port, extraArguments: extraArguments)
                return
            } catch {
                lastError = error
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        throw lastError
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

    /// A port on 127.0.0.1 nobody listens on right now (the kernel picks it for a bind to port 0).
    static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw StartError(description: "bind/getsockname: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func executable() throws -> URL {
        for directory in ["/usr/bin", "/usr/local/bin", "/usr/sbin"] {
            let path = "\(directory)/redis-server"
            if FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
        }
        throw StartError(description: "redis-server not found (apt-get install redis-server)")
    }

    private static func launch(port: Int, extraArguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--loglevel", "warning",
        ] + extraArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Wait (generously, the machine may be busy) until it answers PING.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            guard process.isRunning else {
                throw StartError(description: "redis-server on port \(port) exited with \(process.terminationStatus)")
            }
            if let connection = try? HiredisConnection(host: "127.0.0.1", port: port, timeout: .milliseconds(500)) {
                switch connection.command([Data("PING".utf8)]) {
                // `NOAUTH` also proves the server is up when it was started with --requirepass.
                case .success(.status("PONG")), .success(.error): return process
                default: break
                }
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        throw StartError(description: "redis-server on port \(port) did not answer PING within 10 s")
    }
}
