import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real Docker engine (`dockerd`) of its own for one test, as `RedisServer` is a real Redis:
/// data root, exec root, socket, pid file and daemon.json in a fresh temporary directory, so it
/// touches no engine the machine already runs. It has no default bridge (`--bridge=none`, no
/// clash with another engine's docker0); Compose creates its own network, with the engine's usual
/// iptables rules. `stop()` (or release) ends it with SIGTERM (it stops its containers and the
/// containerd it started), by PID only, then SIGKILL if it hangs, and removes the directory.
///
/// `@unchecked Sendable`: tests drive it from one task at a time; `process` is the only
/// mutable state and is never touched concurrently.
public final class DockerDaemon: @unchecked Sendable {
    /// Errors starting the engine.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Why an engine cannot be started here, or `nil` when it can: dockerd, docker and
    /// docker-compose are installed and this process is root (dockerd needs it).
    public static var unavailableReason: String? {
        if getuid() != 0 { return "dockerd needs root; this test process runs as uid \(getuid())" }
        for tool in ["dockerd", "docker", "docker-compose"] where locate(tool) == nil {
            return "\(tool) is not installed (make setup installs docker.io and docker-compose)"
        }
        return nil
    }

    /// The directory holding everything the engine writes.
    public let directory: URL
    private var process: Process?

    /// `unix://…/docker.sock`, for `DOCKER_HOST`.
    public var host: String { "unix://\(directory.path)/docker.sock" }
    /// The environment that points `docker` and Compose at this engine.
    public var environment: [String: String] { ["DOCKER_HOST": host] }
    /// The engine's log.
    public var logFile: URL { directory.appendingPathComponent("dockerd.log") }

    /// Starts the engine and waits (up to `timeout` seconds, the machine may be busy) until
    /// `docker info` answers.
    public init(timeout: TimeInterval = 90) throws {
        if let reason = Self.unavailableReason { throw StartError(description: reason) }
        // A short path: the engine puts unix sockets under it (108-byte limit).
        directory = URL(fileURLWithPath: "/tmp/asrctl-dockerd-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("{}\n".utf8).write(to: directory.appendingPathComponent("daemon.json"))
        let process = Process()
        process.executableURL = Self.locate("dockerd")
        process.arguments = [
            "--data-root", directory.appendingPathComponent("data").path,
            "--exec-root", directory.appendingPathComponent("exec").path,
            "--pidfile", directory.appendingPathComponent("dockerd.pid").path,
            "--config-file", directory.appendingPathComponent("daemon.json").path,
            "-H", host, "--bridge=none", "--log-level=warn",
        ]
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw StartError(description: "dockerd could not be started: \(error)")
        }
        self.process = process
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else {
                let text = logTail()
                stop()
                throw StartError(description: "dockerd exited with \(process.terminationStatus): \(text)")
            }
            if (try? docker(["info", "--format", "{{.ServerVersion}}"]))?.status == 0 { return }
            Thread.sleep(forTimeInterval: 0.5)
        }
        let text = logTail()
        stop()
        throw StartError(description: "dockerd did not answer `docker info` within \(Int(timeout)) s: \(text)")
    }

    deinit { stop() }

    /// Runs `docker` against this engine.
    @discardableResult
    public func docker(_ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run("docker", arguments, environment: environment)
    }

    /// The last lines of the engine's log.
    public func logTail(_ lines: Int = 20) -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// Stops the engine (SIGTERM to its PID; it stops its containers and its containerd; SIGKILL
    /// after 60 s), then any containerd it left behind (by the PID in its pid file), and removes
    /// the directory. Safe to call twice.
    public func stop() {
        guard let process else { return }
        self.process = nil
        let containerdPIDFile = directory.appendingPathComponent("exec/containerd/containerd.pid")
        let containerdPID = (try? String(contentsOf: containerdPIDFile, encoding: .utf8)).flatMap {
            Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        if let containerdPID, Self.commandName(of: containerdPID) == "containerd" {
            kill(containerdPID, SIGTERM)
            let deadline = Date().addingTimeInterval(10)
            while Self.commandName(of: containerdPID) == "containerd", Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        }
        // Mounts the engine left (none after a clean shutdown), innermost first, then the files.
        for mountPoint in mountPoints().sorted(by: { $0.count > $1.count }) {
            _ = try? ProcessRunner.run("umount", ["-l", mountPoint])
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Whether the directory is gone (after `stop()`).
    public var directoryRemoved: Bool { !FileManager.default.fileExists(atPath: directory.path) }

    /// Mount points under `directory`, from /proc/self/mountinfo.
    public func mountPoints() -> [String] {
        guard let text = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { return nil }
            let point = String(fields[4])
            return point.hasPrefix(directory.path + "/") ? point : nil
        }
    }

    /// The command name of process `pid` (/proc/PID/comm), or `nil` when it does not exist.
    static func commandName(of pid: Int32) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func locate(_ tool: String) -> URL? {
        for directory in ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin", "/sbin", "/bin"] {
            let path = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
        }
        return nil
    }
}
