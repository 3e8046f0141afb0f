import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real `redis-server` on a free loopback port, for one test. Started without persistence;
/// killed (SIGKILL, like a crash) by `kill()` or when released; `restart()` brings it back on the
/// same port for outage tests; `pause()`/`resume()` freeze it (SIGSTOP/SIGCONT).
///
/// `@unchecked Sendable`: tests drive it from one task at a time; `process` is the only
/// mutable state and is never touched concurrently.
public final class RedisServer: @unchecked Sendable {
    /// Errors starting the server.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The loopback port the server listens on.
    public let port: Int
    /// Extra `redis-server` arguments (e.g. rendered flags, `--requirepass`).
    public let extraArguments: [String]
    private var process: Process?

    /// Starts a server on a free port and waits until it answers `PING`.
    public init(extraArguments: [String] = []) throws {
        self.extraArguments = extraArguments
        var lastError: any Error = StartError(description: "not started")
        // Another process may grab the port between probing and binding: try a few.
        for _ in 0..<5 {
            let candidate = FreePort.next()
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

    deinit { kill() }

    /// `redis://127.0.0.1:<port>`.
    public var url: String { "redis://127.0.0.1:\(port)" }

    /// True while the server process runs.
    public var isRunning: Bool { process?.isRunning ?? false }

    /// Kills the server with SIGKILL (no shutdown handshake, like a crash) and reaps it.
    public func kill() {
        guard let process else { return }
        self.process = nil
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Freezes the server: the kernel still accepts connections, nothing answers.
    public func pause() {
        if let process, process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGSTOP) }
    }

    /// Lets a paused server run again.
    public func resume() {
        if let process, process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGCONT) }
    }

    /// Starts the server again on the same port and waits until it answers `PING`.
    public func restart() throws {
        kill()
        var lastError: any Error = StartError(description: "not restarted")
        for _ in 0..<5 {
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

    /// Runs `redis-cli -p PORT --raw args...` and returns its output.
    public func cli(_ arguments: [String]) throws -> String {
        try ProcessRunner.run("redis-cli", ["-p", String(port), "--raw"] + arguments).stdout
    }

    /// `CONFIG GET name` → the value.
    public func configGet(_ name: String) throws -> String? {
        let lines = try cli(["CONFIG", "GET", name]).split(separator: "\n").map(String.init)
        return lines.count >= 2 ? lines[1] : nil
    }

    private static func executable() throws -> URL {
        for directory in ["/usr/bin", "/usr/local/bin", "/usr/sbin"] {
            let path = "\(directory)/redis-server"
            if FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
        }
        throw StartError(description: "redis-server not found (make setup installs it)")
    }

    private static func launch(port: Int, extraArguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = try executable()
        process.arguments =
            [
                "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--loglevel", "warning",
            ] + extraArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Wait (generously, the machine may be busy) until it answers PING.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            guard process.isRunning else {
                throw StartError(description: "redis-server on port \(port) exited with \(process.terminationStatus) (arguments: \(extraArguments))")
            }
            if answersPing(port: port) { return process }
            Thread.sleep(forTimeInterval: 0.02)
        }
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        throw StartError(description: "redis-server on port \(port) did not answer PING within 10 s")
    }

    /// Sends `PING` over a plain socket; `+PONG` or `-NOAUTH` (started with --requirepass) means up.
    private static func answersPing(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 0, tv_usec: 500_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected, send(fd, "PING\r\n", 6, Int32(MSG_NOSIGNAL)) == 6 else { return false }
        var reply = [UInt8](repeating: 0, count: 64)
        let count = recv(fd, &reply, reply.count, 0)
        guard count > 0 else { return false }
        let text = String(decoding: reply[0..<count], as: UTF8.self)
        return text.hasPrefix("+PONG") || text.hasPrefix("-NOAUTH")
    }
}
