import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real `asrctl serve` process on a free loopback port, for end-to-end tests.
///
/// It runs in a fresh directory of its own, so it reads no profiles unless asked to
/// (`profiles: true` copies the shipped ones and passes `--profiles ... --preset none`); settings
/// come from `environment` (the test's own `ASR_*`/`ASRCTL_*` variables are not inherited).
/// L2 is off (`ASR_REDIS_URL=""`) unless the test names a Redis, so a stray server on 6379
/// cannot leak into a test. Output (the service log) goes to `logFile`.
///
/// Stop it with `stop()` (SIGTERM, then SIGKILL) in a `defer`; it is also SIGKILLed when
/// released, so no test leaves a runtime behind.
///
/// `@unchecked Sendable`: `process` is set once in `init`; `Process` itself is thread-safe for
/// the calls made here (signals, `isRunning`, termination fields).
public final class RuntimeProcess: @unchecked Sendable {
    /// Errors starting the runtime.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// What `init` waits for before returning.
    public enum Readiness: Sendable {
        /// `GET /health` answers 200.
        case healthy
        /// `GET /health` answers (any status) and no longer says `loading`: the decoders are up,
        /// whether or not the runtime takes work (e.g. memory critical → 503 `overloaded`).
        case loaded
    }

    /// How the process ended.
    public struct Termination: Sendable, Equatable, CustomStringConvertible {
        /// The exit status, or the signal number when `signalled`.
        public let status: Int32
        public let signalled: Bool

        public init(status: Int32, signalled: Bool) {
            self.status = status
            self.signalled = signalled
        }

        /// `exit 0`: what a graceful shutdown ends with.
        public static let exitedZero = Termination(status: 0, signalled: false)

        public var description: String { signalled ? "killed by signal \(status)" : "exit \(status)" }
    }

    public let port: Int
    public let directory: TemporaryDirectory
    public let logFile: URL
    public let client: HTTPClient
    private let process: Process

    /// Starts `asrctl serve --host 127.0.0.1 --port <free> <arguments>` and waits for `ready`.
    /// - Parameters:
    ///   - environment: `ASR_*` settings (and anything else) for the process.
    ///   - profiles: copy the shipped profiles into the process's directory and load them
    ///     (`--profiles <copy> --preset none`); the environment still wins.
    ///   - readyTimeout: seconds to wait for `ready` (generous: the machine may be busy).
    ///   - port: listen on this port (e.g. to restart a runtime where clients expect it) instead
    ///     of a free one.
    /// - Throws: `StartError` with the log's tail when it exits or is not ready in time.
    public init(
        environment: [String: String] = [:],
        arguments: [String] = [],
        profiles: Bool = false,
        ready: Readiness = .healthy,
        readyTimeout: Double = 60,
        port fixedPort: Int? = nil
    ) throws {
        directory = try TemporaryDirectory("asrctl-runtime")
        logFile = directory.file("runtime.log")
        var extra = arguments
        if profiles {
            try FileManager.default.copyItem(at: RepositoryPaths.profiles, to: directory.file("profiles"))
            extra =
                [
                    "--profiles", directory.file("profiles").path, "--state-dir", directory.file(".asrctl").path,
                    "--preset", "none",
                ] + extra
        }
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ASR_") && !$0.key.hasPrefix("ASRCTL_") }
        variables["ASR_REDIS_URL"] = ""
        // No FunASR listener unless a test asks for one: parallel runtimes would all want 10095.
        variables["ASR_FUNASR_PORT"] = "0"
        variables.merge(environment) { $1 }

        var lastError: any Error = StartError(description: "not started")
        // Another process may take the probed port before the runtime binds it: try a few.
        for _ in 0..<(fixedPort == nil ? 3 : 1) {
            let candidate = fixedPort ?? FreePort.next()
            let process = Process()
            process.executableURL = RepositoryPaths.asrctlBinary
            process.arguments = ["serve", "--host", "127.0.0.1", "--port", String(candidate)] + extra
            process.environment = variables
            process.currentDirectoryURL = directory.url
            FileManager.default.createFile(atPath: logFile.path, contents: nil)
            let log = try FileHandle(forWritingTo: logFile)
            try log.seekToEnd()
            process.standardOutput = log
            process.standardError = log
            process.standardInput = FileHandle.nullDevice
            do {
                try process.run()
                try? log.close()
                try Self.waitUntilReady(
                    process,
                    client: HTTPClient(port: candidate, timeout: 5),
                    ready: ready,
                    timeout: readyTimeout,
                    logFile: logFile
                )
                self.process = process
                port = candidate
                client = HTTPClient(port: candidate)
                return
            } catch {
                try? log.close()
                if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
                if process.processIdentifier > 0 { process.waitUntilExit() }
                lastError = error
                // Only a lost port race is worth another try.
                guard (try? String(contentsOf: logFile, encoding: .utf8))?.contains("ddress already in use") == true else { break }
            }
        }
        directory.remove()
        throw lastError
    }

    deinit {
        kill()
        directory.remove()
    }

    public var pid: Int32 { process.processIdentifier }

    public var isRunning: Bool { process.isRunning }

    /// The service's log so far (stdout and stderr).
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// The process's resident memory (VmRSS of /proc/<pid>/status) in MB, `nil` once it is gone.
    public var residentMB: Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kilobytes = Double(fields[1]) { return kilobytes / 1024 }
        }
        return nil
    }

    /// Sends SIGTERM (graceful: drain, answer what is in flight, exit 0).
    public func terminate() {
        if process.isRunning { _ = Glibc.kill(pid, SIGTERM) }
    }

    /// Sends SIGKILL and reaps the process.
    public func kill() {
        if process.isRunning { _ = Glibc.kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    /// Waits up to `timeout` seconds for the process to end; `nil` if it still runs.
    public func waitForExit(timeout: Double) -> Termination? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() >= deadline { return nil }
            Thread.sleep(forTimeInterval: 0.02)
        }
        // `isRunning` turns false before Foundation records how it ended; `waitUntilExit` syncs.
        process.waitUntilExit()
        return Termination(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal)
    }

    /// SIGTERM, wait up to `timeout` seconds, then SIGKILL; returns how it ended.
    @discardableResult
    public func stop(timeout: Double = 30) -> Termination {
        terminate()
        if let termination = waitForExit(timeout: timeout) { return termination }
        kill()
        return Termination(status: process.terminationStatus, signalled: true)
    }

    /// Samples `residentMB` every `interval` seconds on a thread of its own until the returned
    /// sampler is stopped.
    public func sampleResidentMemory(every interval: Double = 0.01) -> ResidentMemorySampler {
        ResidentMemorySampler(pid: pid, interval: interval)
    }

    private static func waitUntilReady(
        _ process: Process,
        client: HTTPClient,
        ready: Readiness,
        timeout: Double,
        logFile: URL
    ) throws {
        let deadline = Date().addingTimeInterval(timeout)
        func tail() -> String {
            let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").suffix(15).joined(separator: "\n")
        }
        while Date() < deadline {
            guard process.isRunning else {
                process.waitUntilExit()
                throw StartError(description: "asrctl serve exited (\(process.terminationStatus)) before it was ready; log:\n\(tail())")
            }
            if let response = try? client.get("/health") {
                switch ready {
                case .healthy where response.status == 200:
                    return
                case .loaded:
                    if let status = (try? response.json())?["status"] as? String, status != "loading" { return }
                default:
                    break
                }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw StartError(description: "asrctl serve was not \(ready) within \(timeout) s; log:\n\(tail())")
    }
}

/// The highest RSS seen of a process, sampled from /proc/<pid>/status on a thread of its own.
public final class ResidentMemorySampler: @unchecked Sendable {
    private let lock = NSLock()
    private var peak = 0.0
    private var samples = 0
    private var running = true
    private let done = DispatchSemaphore(value: 0)

    init(pid: Int32, interval: Double) {
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                    let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
                    let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({ Double($0) })
                {
                    lock.withLock {
                        peak = max(peak, kilobytes / 1024)
                        samples += 1
                    }
                }
                Thread.sleep(forTimeInterval: interval)
            }
            done.signal()
        }
        thread.start()
    }

    /// Stops sampling; returns the peak RSS in MB and how many samples were taken.
    public func stop() -> (peakMB: Double, samples: Int) {
        let wasRunning = lock.withLock { () -> Bool in
            defer { running = false }
            return running
        }
        if wasRunning { done.wait() }
        return lock.withLock { (peak, samples) }
    }
}
