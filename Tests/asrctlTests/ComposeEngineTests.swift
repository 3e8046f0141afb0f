import ASRDeploy
import Foundation
import TestSupport
import Testing

/// `asrctl deploy` with Docker Compose against a real engine: a `dockerd` of the test's own on a
/// temporary socket, the images built by `asrctl image build` (no registry), Debian's
/// docker-compose 1.29.2 — then real speech through the published port, `status`, a dry run
/// with no differences, and `stop`.
@Suite(
    .runsProcesses,
    .serialized,
    .enabled(
        if: DockerDaemon.unavailableReason == nil,
        "needs dockerd, docker and docker-compose (make setup) and root to start an engine"
    )
)
struct ComposeEngineTests {
    static let redisTag = "asrctl-redis:test"

    /// Settings that make the guide's 4-core profile fit this machine: the CPUs it has, the
    /// ulimits the engine may grant (it inherits this process's hard limits), a free port (and
    /// no FunASR listener, whose published port parallel deployments would share),
    /// one decoder, and a health check every few seconds so Docker's verdict comes quickly.
    static func hostFit(port: Int) -> [String] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var sets = [
            "ASR_PORT=\(port)", "ASR_FUNASR_PORT=0", "ASR_WORKER_THREADS=1",
            "container.cpuset=\(cores > 1 ? "0-\(cores - 1)" : "0")", "container.cpus_limit=\(cores)",
            "container.cpus_reservation=0.5", "container.healthcheck_interval=3s",
            "redis.image=\(redisTag)",
        ]
        for (name, line, profileDefault) in [("memlock", "Max locked memory", -1), ("nofile", "Max open files", 65536)] {
            let limit = hardLimit(line).map { profileDefault == -1 ? $0 : min($0, profileDefault) } ?? profileDefault
            sets += ["container.ulimit_\(name)_soft=\(limit)", "container.ulimit_\(name)_hard=\(limit)"]
        }
        return sets.flatMap { ["--set", $0] }
    }

    /// This process's hard limit from /proc/self/limits; `nil` when unlimited.
    static func hardLimit(_ line: String) -> Int? {
        let text = (try? String(contentsOfFile: "/proc/self/limits", encoding: .utf8)) ?? ""
        guard let row = text.split(separator: "\n").first(where: { $0.hasPrefix(line) }) else { return nil }
        let fields = row.dropFirst(line.count).split(separator: " ")
        return fields.count >= 2 ? Int(fields[1]) : nil
    }

    /// A Docker engine of the test's own and a CLI workspace for `body`, both removed after;
    /// `say` prints a step with the seconds since the start, tagged `tag`.
    static func onOwnEngine(_ tag: String, _ body: (DockerDaemon, CLI, (String) -> Void) throws -> Void) throws {
        let started = Date()
        let daemon = try DockerDaemon()
        let cli = try CLI()
        defer {
            daemon.stop()
            #expect(daemon.directoryRemoved, "the engine's directory \(daemon.directory.path) was left behind")
            cli.directory.remove()
        }
        try body(daemon, cli) { step in print("[\(tag) \(Int(Date().timeIntervalSince(started))) s] \(step)") }
    }

    @Test func imageBuildDeployRecognizeStatusDryRunStop() throws {
        try Self.onOwnEngine("compose-engine") { daemon, cli, say in try deployRecognizeStatusDryRunStop(daemon, cli, say) }
    }

    private func deployRecognizeStatusDryRunStop(_ daemon: DockerDaemon, _ cli: CLI, _ say: (String) -> Void) throws {
        let environment = daemon.environment
        let port = FreePort.next()
        let fit = Self.hostFit(port: port)
        func asrctl(_ arguments: [String]) throws -> ProcessRunner.Result {
            try cli.run(arguments, environment: environment)
        }
        say("dockerd up at \(daemon.host)")

        // Before the image exists, deploy says how to get it and touches nothing.
        let noImage = try asrctl(["deploy"] + fit)
        #expect(noImage.status == 3, "\(noImage.stdout)\(noImage.stderr)")
        #expect(noImage.stderr.contains("asrctl image build"), "\(noImage.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.directory.file("deploy/docker-compose.yml").path))

        // A cpuset naming a CPU this host lacks is refused before Compose runs (exit 2).
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let misfit = try asrctl(["deploy"] + fit + ["--set", "container.cpuset=0-\(cores)"])
        #expect(misfit.status == 2, "\(misfit.stdout)\(misfit.stderr)")
        #expect(misfit.stderr.contains("cpuset"), "\(misfit.stderr)")

        let build = try asrctl(["image", "build", "--redis-tag", Self.redisTag, "--json"] + fit)
        try #require(build.status == 0, "\(build.stdout)\(build.stderr)")
        let reports = try JSONDecoder().decode([ImageBuildReport].self, from: Data(build.stdout.utf8))
        #expect(reports.map(\.tag) == ["asrctl-runtime:latest", Self.redisTag])
        #expect(reports[0].command == ["asrctl", "serve"])
        #expect(reports[0].libraries.contains { $0.hasSuffix("/libswiftCore.so") })
        #expect(reports[0].libraries.contains { $0.contains("libpocketsphinx.so") })
        #expect(try daemon.docker(["image", "inspect", "asrctl-runtime:latest"]).status == 0)
        say("images built")

        let deploy = try asrctl(["deploy"] + fit)
        try #require(deploy.status == 0, "deploy failed:\n\(deploy.stdout)\n\(deploy.stderr)\nengine log:\n\(daemon.logTail())")
        #expect(deploy.stdout.contains("deployed with docker-compose"), "\(deploy.stdout)")
        #expect(deploy.stdout.contains("healthy at http://127.0.0.1:\(port)"))
        say("deployed and healthy")

        // Real speech through the published port.
        let client = HTTPClient(port: port, timeout: 120)
        let pcm = try Data(contentsOf: URL(fileURLWithPath: "/usr/share/pocketsphinx/test/data/goforward.raw"))
        let first = try client.recognize(pcm: pcm, priority: 1)
        #expect(first.status == 200, "\(first.text)")
        #expect(try first.json()["text"] as? String == "go forward ten meters")

        // status: both containers run, Docker's health check (curl in the image) passes, and the
        // runtime reaches Redis over the Compose network.
        var report: ComposeStatusReport?
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let status = try asrctl(["status", "--json"])
            report = try? JSONDecoder().decode(ComposeStatusReport.self, from: Data(status.stdout.utf8))
            if status.status == 0, let report, report.containers.allSatisfy({ $0.health == "healthy" }),
                report.health?.redis == "connected"
            {
                break
            }
            Thread.sleep(forTimeInterval: 2)
        }
        let final = try #require(report)
        #expect(final.healthy)
        #expect(final.kind == "compose")
        #expect(final.url == "http://127.0.0.1:\(port)")
        #expect(Set(final.containers.map(\.name)) == ["xiaozhi-esp32-server", "xiaozhi-esp32-server-redis"])
        #expect(final.containers.allSatisfy { $0.state == "running" && $0.health == "healthy" }, "\(final.containers)")
        #expect(final.health?.redis == "connected")
        let text = try asrctl(["status"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Compose project asrctl"))
        say("status healthy, redis connected")

        // The result went to the Redis container (L2) under the profile's key prefix.
        _ = try client.recognize(pcm: pcm, priority: 1)
        let keys = try daemon.docker(["exec", "xiaozhi-esp32-server-redis", "redis-cli", "--scan", "--pattern", "asr_4c8g:*"])
        #expect(keys.stdout.split(separator: "\n").count == 1, "\(keys.stdout)\(keys.stderr)")

        let dryRun = try asrctl(["deploy", "--dry-run"] + fit)
        #expect(dryRun.status == 0, "\(dryRun.stdout)")
        #expect(dryRun.stdout.contains("unchanged docker-compose.yml"))

        // Deploying over a running stack brings it down first, then up again, healthy.
        let again = try asrctl(["deploy"] + fit)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("Removing xiaozhi-esp32-server"), "\(again.stdout)")
        #expect(try client.recognize(pcm: pcm, priority: 1).status == 200)
        say("redeployed")

        let stop = try asrctl(["stop"])
        #expect(stop.status == 0, "\(stop.stdout)\(stop.stderr)")
        #expect(stop.stdout.contains("compose project asrctl: down"))
        let left = try daemon.docker(["ps", "-a", "-q"])
        #expect(left.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "containers left: \(left.stdout)")
        #expect(try asrctl(["status"]).status == 1)
        say("stopped")
    }

    /// The runtime in front of an engine Compose runs beside it: a second copy of the runtime
    /// image plays the engine (it serves `/v1/models` and `/v1/audio/transcriptions`), named as
    /// `engine_service.image`. Compose starts it first and the runtime only once Docker calls it
    /// healthy; the runtime reaches it at the derived `http://asr-engine:8001`; the upstream key
    /// is a secret in both containers; real speech goes through runtime → engine.
    @Test func theRuntimeFrontsAnEngineServiceItWaitsFor() throws {
        try Self.onOwnEngine("compose-engine-service") { daemon, cli, say in try frontEngineService(daemon, cli, say) }
    }

    private func frontEngineService(_ daemon: DockerDaemon, _ cli: CLI, _ say: (String) -> Void) throws {
        let port = FreePort.next()
        let key = "sk-engine-service-\(UUID().uuidString)"
        let keyFile = cli.directory.file("upstream.key")
        try key.write(to: keyFile, atomically: true, encoding: .utf8)
        let engine = [
            "ASR_ENGINE=upstream", "ASR_UPSTREAM_MODEL=pocketsphinx", "ASR_UPSTREAM_API_KEY_FILE=\(keyFile.path)",
            "engine_service.image=asrctl-runtime:latest", "engine_service.port=8001",
            "engine_service.cpus_limit=1", "engine_service.cpus_reservation=0.25",
            "engine_service.memory_limit=1g", "engine_service.memory_reservation=256m",
            "engine_service.environment=ASR_WORKER_THREADS=1 ASR_REDIS_URL=",
            // The runtime image has curl but no shell, so the default check (a shell script) is replaced.
            "engine_service.healthcheck_test=CMD curl -fsS -o /dev/null http://localhost:8001/v1/models",
            "engine_service.healthcheck_interval=2s",
        ]
        let arguments = Self.hostFit(port: port) + engine.flatMap { ["--set", $0] }
        func asrctl(_ words: [String]) throws -> ProcessRunner.Result { try cli.run(words, environment: daemon.environment) }

        let build = try asrctl(["image", "build", "--redis-tag", Self.redisTag] + Self.hostFit(port: port))
        try #require(build.status == 0, "\(build.stdout)\(build.stderr)")
        say("images built")

        let deploy = try asrctl(["deploy"] + arguments)
        try #require(deploy.status == 0, "deploy failed:\n\(deploy.stdout)\n\(deploy.stderr)\nengine log:\n\(daemon.logTail())")
        #expect(!deploy.stdout.contains(key) && !deploy.stderr.contains(key))
        say("deployed and healthy")

        // Compose started the runtime only after the engine passed its health check.
        func startedAt(_ container: String) throws -> Date? {
            let text = try daemon.docker(["inspect", "--format", "{{.State.StartedAt}}", container]).stdout
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.date(from: text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let engineStart = try #require(try startedAt("asr-engine"))
        let runtimeStart = try #require(try startedAt("xiaozhi-esp32-server"))
        #expect(
            runtimeStart > engineStart.addingTimeInterval(1),
            "the runtime started \(runtimeStart) before the engine was healthy (\(engineStart))"
        )

        // Speech through the runtime, recognised by the engine behind it.
        let client = HTTPClient(port: port, timeout: 120)
        let pcm = try Data(contentsOf: URL(fileURLWithPath: "/usr/share/pocketsphinx/test/data/goforward.raw"))
        let answer = try client.recognize(pcm: pcm, priority: 1)
        #expect(answer.status == 200, "\(answer.text)")
        let json = try answer.json()
        #expect(json["text"] as? String == "go forward ten meters")
        #expect(json["engine"] as? String == "upstream-pocketsphinx@asr-engine:8001", "the derived address on the Compose network")

        // The key is where Compose mounts secrets, in both containers, and nowhere in the file.
        for container in ["asr-engine", "xiaozhi-esp32-server"] {
            let secret = try daemon.docker(["exec", container, "curl", "-s", "file:///run/secrets/upstream_api_key"])
            #expect(secret.status == 0 && secret.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == key, "no key in \(container)")
        }
        #expect(try !cli.read("deploy/docker-compose.yml").contains(key))

        let status = try asrctl(["status", "--json"])
        let report = try JSONDecoder().decode(ComposeStatusReport.self, from: Data(status.stdout.utf8))
        #expect(Set(report.containers.map(\.name)) == ["asr-engine", "xiaozhi-esp32-server", "xiaozhi-esp32-server-redis"])
        #expect(report.containers.first { $0.name == "asr-engine" }?.health == "healthy")
        say("recognised through the engine; status lists it healthy")

        #expect(try asrctl(["stop"]).status == 0)
        #expect(try daemon.docker(["ps", "-a", "-q"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        say("stopped")

        // An engine that never passes its check: the runtime is not started, and deploy says
        // which container failed, with its log.
        // (The first check after 5 s: the engine has logged its start by then, even on a loaded host.)
        let failing = [
            "engine_service.healthcheck_test=CMD false", "engine_service.healthcheck_retries=1",
            "engine_service.healthcheck_start_period=0s", "engine_service.healthcheck_interval=5s",
        ]
        let refused = try asrctl(["deploy"] + arguments + failing.flatMap { ["--set", $0] })
        #expect(refused.status == 3, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("container asr-engine is unhealthy"), "\(refused.stderr)")
        #expect(refused.stderr.contains("ASR runtime on 0.0.0.0:8001"), "the engine's own log lines: \(refused.stderr)")
        let running = try daemon.docker(["ps", "--format", "{{.Names}}"]).stdout.split(separator: "\n")
        #expect(!running.contains("xiaozhi-esp32-server"), "the runtime started beside an unhealthy engine: \(running)")
        #expect(try asrctl(["stop"]).status == 0)
        say("an unhealthy engine failed the deploy")
    }
}
