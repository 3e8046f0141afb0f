import ASRContracts
import Foundation

/// The deployment for a host without a Docker engine: a loopback `redis-server` with the
/// rendered flags, then `asrctl serve` in the background (its own session, so it outlives the
/// command), with pid files and logs under a run directory.
public struct EmbeddedDeployment: Sendable {
    public let runDirectory: URL
    /// Where `deploy` writes the rendered files (the same as for Compose, so a dry run compares
    /// the same directory).
    package let outputDirectory: URL
    /// The loopback port Redis prefers; a free one is used if it is taken.
    package let redisPort: Int

    public init(runDirectory: URL) {
        self.init(runDirectory: runDirectory, outputDirectory: URL(fileURLWithPath: "deploy"))
    }

    package init(runDirectory: URL, outputDirectory: URL, redisPort: Int = 6379) {
        self.runDirectory = runDirectory
        self.outputDirectory = outputDirectory
        self.redisPort = redisPort
    }

    var recordFile: URL { runDirectory.appendingPathComponent("deployment.json") }
    var runtimePIDFile: URL { runDirectory.appendingPathComponent("asr-runtime.pid") }
    var redisPIDFile: URL { runDirectory.appendingPathComponent("redis.pid") }

    /// The running deployment's record, if its runtime process is alive.
    package func current() -> EmbeddedDeploymentRecord? {
        guard let record = readRecord(), record.runtime.isRunning else { return nil }
        return record
    }

    /// Starts Redis (if enabled) and the runtime, and waits for /health.
    /// - Parameters:
    ///   - executable: the asrctl binary to run as `asrctl serve`.
    ///   - redisPort: the preferred loopback port; a free one is used if it is taken.
    /// - Returns: the record, and notes worth telling the operator (e.g. a port change).
    package func start(
        configuration: EffectiveConfiguration,
        executable: URL,
        redisPort preferredRedisPort: Int,
        healthTimeout: Double = 60
    ) async throws -> (EmbeddedDeploymentRecord, notes: [String]) {
        if let running = current() {
            throw DeploymentError.commandFailed(
                command: "asrctl deploy",
                status: 1,
                output: "already running (runtime pid \(running.runtimePID) at \(running.url)); run asrctl stop first"
            )
        }
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        var notes: [String] = []
        let settings = configuration.typed
        let port = settings.runtime.port
        for (listener, setting) in [(port, "ASR_PORT"), (settings.runtime.funASRPort, "ASR_FUNASR_PORT")] where listener != 0 {
            guard Self.isPortFree(listener) else {
                throw DeploymentError.commandFailed(
                    command: "asrctl deploy",
                    status: 1,
                    output: "port \(listener) is taken; stop what listens there or deploy with --set \(setting)=<port>"
                )
            }
        }

        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ASR_") }
        for (name, value) in configuration.runtimeEnvironment { environment[name] = value }
        environment.merge(settings.malloc.environment) { $1 }

        var redisPID: Int32?
        var redisPort: Int?
        let redisLog = runDirectory.appendingPathComponent("redis.log")
        if settings.redis.enabled {
            var chosen = preferredRedisPort
            if !Self.isPortFree(chosen) {
                chosen = FreeLoopbackPort.next()
                notes.append("port \(preferredRedisPort) is taken (another Redis?); this deployment's Redis listens on \(chosen)")
            }
            redisPID = try startRedis(port: chosen, flags: RedisCommandLine(redis: settings.redis).arguments, log: redisLog)
            redisPort = chosen
            environment["ASR_REDIS_URL"] = "redis://127.0.0.1:\(chosen)"
        } else {
            environment["ASR_REDIS_URL"] = ""
        }

        let runtimeLog = runDirectory.appendingPathComponent("asr-runtime.log")
        let runtimePID: Int32
        do {
            runtimePID = try DetachedProcess.spawn(executable, ["serve", "--preset", "none"], environment: environment, log: runtimeLog)
        } catch {
            if let redisPID { Self.terminate(redisPID, grace: 5) }
            throw error
        }
        try String(runtimePID).write(to: runtimePIDFile, atomically: true, encoding: .utf8)
        let record = EmbeddedDeploymentRecord(
            runtimePID: runtimePID,
            redisPID: redisPID,
            url: "http://127.0.0.1:\(port)",
            redisPort: redisPort,
            startedAt: Date(),
            runtimeLog: runtimeLog.path,
            redisLog: redisPID == nil ? nil : redisLog.path,
            runtimeStartTicks: ProcessIdentity.of(runtimePID)?.startTicks,
            redisStartTicks: redisPID.flatMap { ProcessIdentity.of($0)?.startTicks }
        )
        try writeRecord(record)

        do {
            try await RuntimeClient.local(port: port, timeout: 5).waitUntilHealthy(
                timeout: healthTimeout,
                interval: .milliseconds(200),
                watchInterval: 0,
                watch: {
                    guard Self.isAlive(runtimePID) else {
                        throw DeploymentError.processExited(name: "the ASR runtime", logTail: Self.tail(runtimeLog))
                    }
                }
            )
        } catch {
            _ = stop()
            throw error
        }
        return (record, notes)
    }

    /// Stops the runtime (SIGTERM: it answers what it has and exits; SIGKILL after `grace`)
    /// and then Redis. Returns what was stopped; stopping nothing is fine. A pid that now
    /// belongs to another process (the deployment died and the pid was reused) is left alone.
    public func stop(grace: Double) -> [String] {
        var stopped: [String] = []
        let record = readRecord()
        let targets: [(name: String, process: ProcessIdentity?, grace: Double)] = [
            ("runtime", record?.runtime ?? Self.readPID(runtimePIDFile).map { ProcessIdentity(pid: $0, startTicks: nil) }, grace),
            ("redis-server", record?.redis ?? Self.readPID(redisPIDFile).map { ProcessIdentity(pid: $0, startTicks: nil) }, 10),
        ]
        for target in targets {
            guard let process = target.process else { continue }
            if process.isRunning {
                stopped.append("\(target.name) pid \(process.pid): \(Self.terminate(process.pid, grace: target.grace))")
            } else if process.wasReplaced {
                stopped.append("\(target.name) pid \(process.pid): already gone; the pid now belongs to another process, left alone")
            }
        }
        for file in [recordFile, runtimePIDFile, redisPIDFile] { try? FileManager.default.removeItem(at: file) }
        return stopped
    }

    private func startRedis(port: Int, flags: [String], log: URL) throws -> Int32 {
        guard let redis = ExternalProgram.locate("redis-server") else { throw DeploymentError.toolMissing("redis-server") }
        let arguments =
            [
                "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", runDirectory.path, "--daemonize", "no",
            ] + flags
        let pid = try DetachedProcess.spawn(redis, arguments, environment: ProcessInfo.processInfo.environment, log: log)
        try String(pid).write(to: redisPIDFile, atomically: true, encoding: .utf8)
        if RedisReadiness.waitForPong(port: port, within: 10, isAlive: { Self.isAlive(pid) }) { return pid }
        Self.terminate(pid, grace: 2)
        throw DeploymentError.commandFailed(command: "redis-server --port \(port)", status: 1, output: "did not answer PING; " + Self.tail(log))
    }

    private func readRecord() -> EmbeddedDeploymentRecord? {
        guard let data = FileManager.default.contents(atPath: recordFile.path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(EmbeddedDeploymentRecord.self, from: data)
    }

    private func writeRecord(_ record: EmbeddedDeploymentRecord) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(record).write(to: recordFile, options: .atomic)
    }

    // MARK: Processes

    /// Whether `pid` is a live process (a zombie — exited, not yet reaped — is not).
    static func isAlive(_ pid: Int32) -> Bool { ProcessIdentity.of(pid) != nil }

    /// SIGTERM, wait up to `grace` seconds, then SIGKILL. Returns how it ended.
    @discardableResult
    static func terminate(_ pid: Int32, grace: Double) -> String {
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline {
            if !isAlive(pid) { return "stopped (SIGTERM)" }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(pid, SIGKILL)
        return "killed (did not stop within \(Int(grace)) s)"
    }

    static func readPID(_ file: URL) -> Int32? {
        (try? String(contentsOf: file, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    static func tail(_ file: URL, lines: Int = 15) -> String {
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    static func isPortFree(_ port: Int) -> Bool { HostProbe.isPortFree(port) }
}
