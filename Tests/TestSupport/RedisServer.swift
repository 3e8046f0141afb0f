import Foundation

/// A real `redis-server` on a free loopback port, started for a test and stopped by `stop()`.
public final class RedisServer: @unchecked Sendable {
    // Mutable state is only touched by the test that owns the server, one call at a time.
    public let port: Int
    private let extraArguments: [String]
    private var process: Process?

    /// Starts `redis-server` with persistence off plus `arguments`, and waits until it answers PING.
    public init(arguments: [String] = [], port: Int = FreePort.next()) throws {
        self.port = port
        self.extraArguments = arguments
        try start()
    }

    /// Starts (or restarts, on the same port) the server.
    public func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["redis-server", "--port", String(port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no", "--daemonize", "no"] + extraArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if (try? cli(["PING"]))?.trimmingCharacters(in: .whitespacesAndNewlines) == "PONG" { return }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        stop()
        throw RedisServerError(message: "redis-server on port \(port) did not answer PING (arguments: \(extraArguments))")
    }

    /// Kills the server (SIGKILL: an outage, not a shutdown) and waits for it to exit.
    public func kill() {
        guard let process, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the server.
    public func stop() {
        kill()
        process = nil
    }

    /// Runs `redis-cli -p PORT args...` and returns its raw output.
    public func cli(_ arguments: [String]) throws -> String {
        try ProcessRunner.run("redis-cli", ["-p", String(port), "--raw"] + arguments).stdout
    }

    /// `CONFIG GET name` → the value.
    public func configGet(_ name: String) throws -> String? {
        let lines = try cli(["CONFIG", "GET", name]).split(separator: "\n").map(String.init)
        return lines.count >= 2 ? lines[1] : nil
    }

    deinit { stop() }
}

/// A redis-server that could not be started.
public struct RedisServerError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
