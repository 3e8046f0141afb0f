import ASRDeploy
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A recognition service under test, started as a child process on a free loopback port:
/// `asrctl serve` (this very binary), the Python peer, or the faster-whisper server (§8). Waits
/// until `GET /health` is 200;
/// `stop()` (or release) SIGKILLs and reaps it — benchmarks need no graceful shutdown.
package final class ServiceProcess: @unchecked Sendable {
    /// Which service.
    package enum Kind: String, Codable, Sendable {
        case runtime
        case peer
        /// bench/peers/whisper_server.py: faster-whisper behind the OpenAI transcription API.
        case whisper
    }

    package let kind: Kind
    package let port: Int
    package let logFile: URL
    /// Seconds from launch to the first 200 from /health (models loaded).
    package let readySeconds: Double
    private let process: Process

    package var pid: Int32 { process.processIdentifier }

    /// `asrctl serve --host 127.0.0.1 --port <free>` in the (empty) work directory, so no profiles
    /// are read: settings come from `environment` alone (no inherited `ASR_*`), with
    /// `ASR_REDIS_URL=""` (no L2) and `ASR_FUNASR_PORT=0` (no FunASR listener, whose fixed default
    /// port two runtimes side by side would both want) unless `environment` names them.
    package static func runtime(executable: URL, environment: [String: String], workDirectory: URL) throws -> ServiceProcess {
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ASR_") && !$0.key.hasPrefix("ASRCTL_") }
        variables["ASR_REDIS_URL"] = ""
        // No FunASR listener unless asked for: runtimes side by side would all want 10095.
        variables["ASR_FUNASR_PORT"] = "0"
        variables.merge(environment) { $1 }
        return try ServiceProcess(kind: .runtime, executable: executable, environment: variables, workDirectory: workDirectory) { port in
            ["serve", "--host", "127.0.0.1", "--port", String(port), "--log-level", "warning"]
        }
    }

    /// `python3 <script> --host 127.0.0.1 --port <free> <arguments>`: the Python peer
    /// (pocketsphinx_peer.py) or, as `.whisper`, whisper_server.py, which never reaches for a model hub.
    package static func peer(
        kind: Kind = .peer,
        python: URL,
        script: URL,
        arguments: [String],
        workDirectory: URL
    ) throws -> ServiceProcess {
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ASR_") }
        if kind == .whisper { variables["HF_HUB_OFFLINE"] = "1" }
        return try ServiceProcess(kind: kind, executable: python, environment: variables, workDirectory: workDirectory) { port in
            [script.path, "--host", "127.0.0.1", "--port", String(port)] + arguments
        }
    }

    private init(
        kind: Kind,
        executable: URL,
        environment: [String: String],
        workDirectory: URL,
        arguments: (Int) -> [String]
    ) throws {
        self.kind = kind
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        var lastError: any Error = BenchmarkError.process("\(kind) not started")
        for attempt in 0..<3 {
            let candidate = FreeLoopbackPort.next()
            let log = workDirectory.appendingPathComponent("\(kind.rawValue)-\(candidate).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments(candidate)
            process.environment = environment
            process.currentDirectoryURL = workDirectory
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            let started = ContinuousClock.now
            do {
                try process.run()
                try? handle.close()
                try Self.waitUntilHealthy(process, port: candidate, log: log)
                self.process = process
                port = candidate
                logFile = log
                readySeconds = (ContinuousClock.now - started).seconds
                return
            } catch {
                try? handle.close()
                if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
                if process.processIdentifier > 0 { process.waitUntilExit() }
                lastError = error
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                guard attempt < 2, text.contains("in use") || text.contains("ddress already") else { break }
            }
        }
        throw lastError
    }

    deinit { stop() }

    /// Resident memory now, in MB.
    package var residentMB: Double? { ProcessProbe.residentMB(pid) }

    /// CPU seconds the process has used so far.
    package var cpuSeconds: Double? { ProcessProbe.cpuSeconds(pid) }

    package var isRunning: Bool { process.isRunning }

    /// SIGKILL and reap.
    package func stop() {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    private static func waitUntilHealthy(_ process: Process, port: Int, log: URL, timeout: Double = 90) throws {
        let deadline = Date().addingTimeInterval(timeout)
        let connection = BenchHTTPConnection(port: port, timeout: 5)
        func tail() -> String {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").suffix(10).joined(separator: "\n")
        }
        while Date() < deadline {
            guard process.isRunning else {
                process.waitUntilExit()
                throw BenchmarkError.process("exited (\(process.terminationStatus)) before it was healthy; log:\n\(tail())")
            }
            if let reply = try? connection.get("/health"), reply.status == 200 { return }
            connection.close()
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw BenchmarkError.process("not healthy within \(Int(timeout)) s; log:\n\(tail())")
    }
}
