import ASRDeploy
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway `redis-server` on a free loopback port (no persistence), for the L2 cache-hit
/// measurement; SIGKILLed and reaped by `stop()` or on release.
package final class RedisProcess: @unchecked Sendable {
    package let port: Int
    private let process: Process

    /// Starts the server and waits until `redis-cli ping` answers.
    package init() throws {
        guard let executable = ExternalProgram.locate("redis-server") else {
            throw BenchmarkError.process("redis-server not found (make setup installs it)")
        }
        let candidate = FreeLoopbackPort.next()
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "--port", String(candidate), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--loglevel", "warning",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        port = candidate
        if RedisReadiness.waitForPong(port: candidate, within: 10, isAlive: { process.isRunning }) { return }
        guard process.isRunning else { throw BenchmarkError.process("redis-server exited (\(process.terminationStatus))") }
        stop()
        throw BenchmarkError.process("redis-server on port \(candidate) did not answer PING within 10 s")
    }

    deinit { stop() }

    /// `redis://127.0.0.1:<port>`.
    package var url: String { "redis://127.0.0.1:\(port)" }

    /// SIGKILL and reap.
    package func stop() {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
