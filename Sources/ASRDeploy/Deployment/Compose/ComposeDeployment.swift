import Foundation
import Yams

/// Deploys the rendered Compose file where a Docker engine answers: checks that the
/// configuration fits the host and that every image is on the engine (pulling what is not),
/// brings the old stack down, writes the new files, `up -d` (Compose v2 plugin or the v1
/// binary), and lets the caller wait for the runtime's /health while it watches the containers.
public struct ComposeDeployment: Sendable {
    /// The Compose project name, so `stop`/`status` find the stack again.
    public static let projectName = "asrctl"

    public let kind: ComposeKind
    public let directory: URL

    /// The host port `status` checks the runtime's health on; nil: the one the deployed file publishes.
    package var statusPort: Int?

    public init(kind: ComposeKind, directory: URL, statusPort: Int? = nil) {
        self.kind = kind
        self.directory = directory
        self.statusPort = statusPort
    }

    /// The deployed Compose file.
    public var composeFile: URL { directory.appendingPathComponent("docker-compose.yml") }

    /// The Compose command line for `arguments` against the deployed file (`-p asrctl`).
    /// The v1 binary gets `--compatibility`: without it, docker-compose 1.x ignores
    /// `deploy.resources`, and the guide's CPU and memory limits would silently not apply.
    public func command(_ arguments: [String]) -> [String] {
        kind.command + (kind == .binary ? ["--compatibility"] : []) + ["-f", composeFile.path, "-p", Self.projectName] + arguments
    }

    /// Runs a Compose command; throws with its output when it fails.
    @discardableResult
    public func run(_ arguments: [String], timeout: Double = 600) throws -> String {
        Self.condensed(try Self.run(command(arguments), timeout: timeout).combined)
    }

    /// Compose's progress without its noise: Compose v1 writes `Creating x ... ` and later
    /// `Creating x ... done` as separate lines when not on a terminal, and repeats a warning
    /// once per service; keeps the outcomes, each line once, in order.
    public static func condensed(_ output: String) -> String {
        var seen = Set<String>()
        // Compose v1 ends its progress lines with CRLF, one Character in Swift: split on any newline.
        return output.split(whereSeparator: \.isNewline)
            .map { String($0).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.hasSuffix("...") && seen.insert($0).inserted }
            .joined(separator: "\n")
    }

    /// Down (if deployed), write `files`, up -d. The caller then waits for health.
    /// Call `preflight` first: a failure there leaves the running stack alone.
    package func deploy(_ files: [RenderedFile], workspace: Workspace) throws -> [String] {
        var log: [String] = []
        if FileManager.default.fileExists(atPath: composeFile.path) {
            log.append(try run(["down", "--remove-orphans"]))
        }
        _ = try RenderWriter.write(files, to: directory, workspace: workspace)
        log.append(try run(["up", "-d", "--remove-orphans"]))
        return log.filter { !$0.isEmpty }
    }

    /// What must hold before the running stack is taken down: the CPU settings fit this host
    /// (Docker refuses a cpuset naming missing CPUs or a cpus limit above the core count, but
    /// only when it creates the container), and every image the Compose file names is on the
    /// engine — pulled now if not, so a registry that cannot be reached fails here and not
    /// after `down`. Returns what it did (e.g. pulls).
    public func preflight(_ configuration: EffectiveConfiguration, hostCores: Int? = nil) throws -> [String] {
        let mismatches = Self.hostMismatches(configuration, hostCores: hostCores ?? HostProbe.cpuCores())
        guard mismatches.isEmpty else { throw DeploymentError.hostMismatch(mismatches) }
        var log: [String] = []
        for image in Self.images(configuration) {
            if try Self.imagePresent(image) { continue }
            do {
                try Self.run(["docker", "pull", image], timeout: 900)
                log.append("pulled \(image)")
            } catch DeploymentError.commandFailed(_, _, let output) {
                throw DeploymentError.imageUnavailable(image: image, detail: Self.lastLine(output), hint: Self.imageHint(image, configuration))
            }
        }
        return log
    }

    /// The CPU checks of `check-host` that Docker enforces at container creation (the engine's cpus
    /// limit among them), failed ones only.
    package static func hostMismatches(_ configuration: EffectiveConfiguration, hostCores: Int) -> [HostCheck] {
        let host = HostResources(cores: hostCores, memoryBytes: nil)
        let rules: [any SettingsRule] = [SettingsRules.cpuset, SettingsRules.cpusLimit, SettingsRules.engineService]
        return rules.compactMap { HostChecker.check($0, configuration.typed, on: host) }.filter { $0.status == .fail }
    }

    /// The images the rendered Compose file runs: `container.image`, `redis.image` when Redis is
    /// on, and `engine_service.image` when one is named.
    public static func images(_ configuration: EffectiveConfiguration) -> [String] {
        let settings = configuration.typed
        return [settings.container.image] + (settings.redis.enabled ? [settings.redis.image] : [])
            + (settings.engineService.renderedImage.map { [$0] } ?? [])
    }

    /// What to do when `image` cannot be had: the runtime image is built here, Redis's pulled or built.
    static func imageHint(_ image: String, _ configuration: EffectiveConfiguration) -> String {
        if image == configuration.typed.container.image {
            return "the runtime image is built on this host, no registry needed: `asrctl image build --tag \(image)` (or `make image`)"
        }
        if image == configuration.typed.engineService.renderedImage {
            return "pull the engine's image where a registry answers (`docker pull \(image)`) and move it here with `docker save`/`docker load`, "
                + "or name an image this engine has in engine.upstream.service.image"
        }
        return "pull it where a registry answers (`docker pull \(image)`), or build a Redis image from this host's redis-server: "
            + "`asrctl image build --redis-tag asrctl-redis:7`, then deploy with --set redis.image=asrctl-redis:7 (or set it in the profile)"
    }

    /// Whether the engine has `image` (`docker image inspect`).
    public static func imagePresent(_ image: String) throws -> Bool {
        guard let result = Subprocess(timeout: 60).run("docker", ["image", "inspect", "--format", "{{.Id}}", image]) else {
            throw DeploymentError.toolMissing("docker")
        }
        return result.succeeded
    }

    /// The project's containers as the engine reports them (label `com.docker.compose.project`,
    /// set by Compose v1 and v2 alike), sorted by name.
    public func containers() throws -> [ComposeContainer] {
        let ids = try Self.run(["docker", "ps", "-a", "-q", "--filter", "label=com.docker.compose.project=\(Self.projectName)"], timeout: 60)
            .output.split(separator: "\n").map(String.init)
        guard !ids.isEmpty else { return [] }
        let json = try Self.run(["docker", "inspect"] + ids, timeout: 60).output
        return try Self.decodeInspect(Data(json.utf8))
    }

    /// `docker inspect` JSON (an array of containers) as `ComposeContainer`s, sorted by name.
    public static func decodeInspect(_ json: Data) throws -> [ComposeContainer] {
        try JSONDecoder().decode([DockerInspectEntry].self, from: json).map(\.container).sorted { $0.name < $1.name }
    }

    /// The last `lines` lines a container logged (standard output and error).
    public func logs(_ container: String, lines: Int = 30) -> String {
        (try? Self.run(["docker", "logs", "--tail", String(lines), container], timeout: 30).combined) ?? "(no logs)"
    }

    /// Throws `containerFailed` when the ASR container has stopped or been restarted — the
    /// runtime crashed or exited — so deploy says why at once instead of waiting out the timeout.
    public func checkRuntimeContainer() throws {
        guard let runtime = try containers().first(where: { $0.service == ComposeRenderer.asrService }) else {
            throw DeploymentError.containerFailed(name: ComposeRenderer.asrService, state: "missing", logs: "")
        }
        if runtime.state == "exited" || runtime.state == "dead" || runtime.restartCount > 0 {
            let state = "\(runtime.state) (exit code \(runtime.exitCode), restarted \(runtime.restartCount) time(s))"
            throw DeploymentError.containerFailed(name: runtime.name, state: state, logs: logs(runtime.name))
        }
    }

    /// The host port the deployed Compose file publishes for the runtime (`ports: - "H:C"`), if
    /// there is a deployed file that says.
    public func deployedPort() -> Int? {
        guard let text = try? String(contentsOf: composeFile, encoding: .utf8),
            let document = try? Yams.load(yaml: text) as? [String: Any],
            let services = document["services"] as? [String: Any],
            let runtime = services[ComposeRenderer.asrService] as? [String: Any],
            let ports = runtime["ports"] as? [Any], let first = ports.first
        else { return nil }
        let parts = "\(first)".split(separator: ":")
        return parts.count >= 2 ? Int(parts[parts.count - 2]) : Int(parts.first ?? "")
    }

    /// Runs `line`; what it printed on standard output, and on both streams (Compose v1 reports
    /// progress on standard error). Throws `commandFailed` with both when it fails.
    @discardableResult
    static func run(_ line: [String], timeout: Double) throws -> (output: String, combined: String) {
        guard let result = Subprocess(timeout: timeout).run(line[0], Array(line.dropFirst())) else {
            throw DeploymentError.toolMissing(line[0])
        }
        let output = (result.standardOutput + result.standardError).trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.succeeded else {
            throw DeploymentError.commandFailed(
                command: line.joined(separator: " "),
                status: result.status,
                output: result.timedOut ? "did not finish within \(Int(timeout)) s; \(output)" : output
            )
        }
        return (result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines), output)
    }

    private static func lastLine(_ text: String) -> String {
        text.split(separator: "\n").last.map(String.init) ?? text
    }
}
