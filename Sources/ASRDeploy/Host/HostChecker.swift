import ASRContracts
import Foundation

/// Judges `HostFacts` against the requirements of the deployment guide and a configuration.
///
/// Pure: it reads only its arguments, so every verdict can be tested with hand-written facts.
/// The thresholds are the guide's (4 cores, 8 GB, 20 GB free, Docker 20.10, Compose 1.29,
/// Python 3.9). Docker and Compose being absent is a WARN, not a FAIL: `asrctl deploy` then
/// runs the embedded runtime (a local `redis-server` plus `asrctl serve`). A Docker or Compose
/// that is present but too old is a FAIL, because deploy would use it.
public enum HostChecker {
    /// Cores the guide's profile is sized for.
    public static let minimumCores = 4
    /// Memory the guide's profile is sized for: 8 GiB.
    public static let minimumMemoryBytes: UInt64 = 8 << 30
    /// Share of `minimumMemoryBytes` accepted with a WARN: /proc/meminfo reports memory minus
    /// what firmware and the kernel reserve, so a nominal 8 GB host often shows 7.6–7.9 GiB.
    public static let memoryToleranceFraction = 0.95
    /// Free space needed where it deploys (images, logs, backups): 20 GiB.
    public static let minimumFreeDiskBytes: UInt64 = 20 << 30
    /// Oldest Docker (client and engine) accepted.
    package static let minimumDockerVersion = ToolVersion(20, 10)
    /// Oldest Docker Compose accepted (Debian 12 ships 1.29.2).
    package static let minimumComposeVersion = ToolVersion(1, 29)
    /// Oldest Python the guide's test scripts run on (a WARN only).
    package static let minimumPythonVersion = ToolVersion(3, 9)

    /// Runs every check: the host's own, then the configuration against it (`SettingsRules`, the
    /// rules `validate` applies too, here with the host's cores and memory).
    ///
    /// - Parameters:
    ///   - facts: the host, from `HostProbe.gather()` or written by hand.
    ///   - configuration: the configuration to deploy.
    ///   - devices: `--devices N`: devices expected to talk; adds the capacity check.
    ///   - strict: make WARNs fail the exit code too.
    package static func evaluate(
        facts: HostFacts,
        configuration: DeploymentConfiguration,
        upstream: UpstreamReachability? = nil,
        devices: Int? = nil,
        strict: Bool = false
    ) -> HostCheckReport {
        var checks = [
            cpuCores(facts),
            memory(facts),
            disk(facts),
            operatingSystem(facts),
            docker(facts),
            dockerEngine(facts),
            compose(facts),
            python(facts),
            engineLibrary(facts),
            engineModel(facts),
            port(facts),
        ]
        let host = HostResources(cores: facts.cpuCores, memoryBytes: facts.memoryBytes)
        checks += SettingsRules.all.compactMap { check($0, configuration, on: host) }
        if let upstream {
            checks.append(upstreamEngine(upstream, model: configuration.runtime.upstreamModel, speaks: configuration.runtime.upstreamProtocol))
        } else if configuration.upstreamIsEngineService {
            checks.append(upstreamEngineService(configuration.engineService))
        }

        var capacity: DeviceCapacityEstimate?
        if let devices {
            let estimate = DeviceCapacityEstimate(
                workers: configuration.runtime.workerThreads,
                usableCores: CPUPinning(cpuset: configuration.container.cpuset, hostCores: facts.cpuCores).usableCores,
                cpusLimit: configuration.container.resources.cpusLimit
            )
            capacity = estimate
            checks.append(deviceCapacity(requested: devices, estimate: estimate))
        }
        return HostCheckReport(checks: checks, strict: strict, facts: facts, requestedDevices: devices, capacity: capacity)
    }

    // MARK: - The host

    static func cpuCores(_ facts: HostFacts) -> HostCheck {
        let cores = facts.cpuCores
        guard cores >= minimumCores else {
            return HostCheck(
                name: "cpu-cores",
                status: .fail,
                detail:
                    "\(cores) core(s), need ≥ \(minimumCores): the guide's profile pins 3 cores to decoders and leaves 1 for Redis and the system",
                hint:
                    "Use a host with at least \(minimumCores) cores; on this one, fit ASR_WORKER_THREADS and the cpuset to \(max(1, cores - 1)) core(s) and expect fewer devices (see --devices)."
            )
        }
        return HostCheck(name: "cpu-cores", status: .pass, detail: "\(cores) cores (need ≥ \(minimumCores))")
    }

    static func memory(_ facts: HostFacts) -> HostCheck {
        let have = HostCheckFormat.bytes(facts.memoryBytes)
        let need = HostCheckFormat.bytes(minimumMemoryBytes)
        if facts.memoryBytes >= minimumMemoryBytes {
            return HostCheck(name: "memory", status: .pass, detail: "\(have) (need ≥ \(need))")
        }
        let tolerated = UInt64(Double(minimumMemoryBytes) * memoryToleranceFraction)
        if facts.memoryBytes >= tolerated {
            return HostCheck(
                name: "memory",
                status: .warn,
                detail:
                    "\(have), just under \(need): the kernel reports memory less what firmware and the kernel reserve, so a nominal 8 GB host can show this",
                hint:
                    "Fine on a nominal 8 GB host if nothing else big runs on it; otherwise apply the memory-tight preset (ASR_MAX_MEMORY_MB 1200, cache 384 MB)."
            )
        }
        return HostCheck(
            name: "memory",
            status: .fail,
            detail: "\(have), need ≥ \(need) for the ASR container (4 GiB limit), Redis and the system",
            hint:
                "Add memory, or apply the memory-tight preset (ASR_MAX_MEMORY_MB 1200, cache 384 MB) and lower the container memory limits so they fit in \(have) with room for the system."
        )
    }

    static func disk(_ facts: HostFacts) -> HostCheck {
        let have = HostCheckFormat.bytes(facts.freeDiskBytes)
        let need = HostCheckFormat.bytes(minimumFreeDiskBytes)
        guard facts.freeDiskBytes >= minimumFreeDiskBytes else {
            return HostCheck(
                name: "disk",
                status: .fail,
                detail: "\(have) free on \(facts.diskPath), need ≥ \(need) for images, logs and backups",
                hint: "Free space on that filesystem, or deploy to a directory on a larger one."
            )
        }
        return HostCheck(name: "disk", status: .pass, detail: "\(have) free on \(facts.diskPath) (need ≥ \(need))")
    }

    static func operatingSystem(_ facts: HostFacts) -> HostCheck {
        let name = facts.osName.trimmingCharacters(in: .whitespaces)
        return HostCheck(
            name: "os",
            status: .pass,
            detail: "\(name.isEmpty ? "unknown" : name) (informational; the guide targets Linux)"
        )
    }

    // MARK: - Tools

    /// What to say wherever Docker or Compose is missing.
    static let embeddedFallback =
        "`asrctl deploy` falls back to the embedded runtime (a local redis-server plus `asrctl serve`) without Docker"

    static func docker(_ facts: HostFacts) -> HostCheck {
        let need = minimumDockerVersion
        guard let clientText = facts.dockerClientVersion else {
            return HostCheck(
                name: "docker",
                status: .warn,
                detail: "no docker client found",
                hint: "\(embeddedFallback); to deploy with Compose, install Docker ≥ \(need) (Debian 12: apt-get install docker.io)."
            )
        }
        guard let client = ToolVersion(clientText) else {
            return HostCheck(
                name: "docker",
                status: .warn,
                detail: "docker client version \"\(clientText)\" not understood",
                hint: "Check `docker version`; Docker ≥ \(need) is needed to deploy with Compose."
            )
        }
        if client < need {
            return HostCheck(
                name: "docker",
                status: .fail,
                detail: "docker client \(client), need ≥ \(need)",
                hint: "Upgrade Docker to ≥ \(need) (Debian 12: apt-get install docker.io); deploy would use this one while its engine runs."
            )
        }
        guard let serverText = facts.dockerServerVersion else {
            return HostCheck(
                name: "docker",
                status: .pass,
                detail: "docker client \(client) (need ≥ \(need)); engine version unknown, see docker-engine"
            )
        }
        guard let server = ToolVersion(serverText) else {
            return HostCheck(
                name: "docker",
                status: .warn,
                detail: "docker engine version \"\(serverText)\" not understood",
                hint: "Check `docker version`; Docker ≥ \(need) is needed to deploy with Compose."
            )
        }
        if server < need {
            return HostCheck(
                name: "docker",
                status: .fail,
                detail: "docker engine \(server), need ≥ \(need) (client \(client))",
                hint: "Upgrade the Docker engine to ≥ \(need) (Debian 12: apt-get install docker.io); deploy would use it."
            )
        }
        return HostCheck(
            name: "docker",
            status: .pass,
            detail: "docker client \(client), engine \(server) (need ≥ \(need))"
        )
    }

    static func dockerEngine(_ facts: HostFacts) -> HostCheck {
        if facts.dockerEngineAnswers {
            let version = facts.dockerServerVersion.map { " (\($0))" } ?? ""
            return HostCheck(name: "docker-engine", status: .pass, detail: "a Docker engine\(version) answers `docker info`")
        }
        guard facts.dockerClientVersion != nil else {
            return HostCheck(
                name: "docker-engine",
                status: .warn,
                detail: "no engine: there is no docker client",
                hint: "\(embeddedFallback)."
            )
        }
        return HostCheck(
            name: "docker-engine",
            status: .warn,
            detail: "`docker info` failed or did not answer in time: no Docker engine is reachable",
            hint:
                "To deploy with Compose, start the engine (systemctl start docker) and let this user reach it (root or the docker group); otherwise \(embeddedFallback)."
        )
    }

    static func compose(_ facts: HostFacts) -> HostCheck {
        let need = minimumComposeVersion
        let install = "Debian 12: apt-get install docker-compose (1.29.2), or Docker's Compose v2 plugin"
        guard facts.composeKind != .none, let text = facts.composeVersion else {
            return HostCheck(
                name: "compose",
                status: .warn,
                detail: "neither `docker compose` (v2 plugin) nor `docker-compose` answered",
                hint: "\(embeddedFallback); to deploy with Compose, install Compose ≥ \(need) (\(install))."
            )
        }
        let label = facts.composeKind == .plugin ? "docker compose (v2 plugin)" : "docker-compose (standalone binary)"
        guard let version = ToolVersion(text) else {
            return HostCheck(
                name: "compose",
                status: .warn,
                detail: "\(label) version \"\(text)\" not understood",
                hint: "Check `\(facts.composeKind.command.joined(separator: " ")) version`; Compose ≥ \(need) is needed."
            )
        }
        guard version >= need else {
            return HostCheck(
                name: "compose",
                status: .fail,
                detail: "\(label) \(version), need ≥ \(need) for the rendered Compose file",
                hint: "Upgrade Compose (\(install)); deploy would use this one while a Docker engine runs."
            )
        }
        return HostCheck(name: "compose", status: .pass, detail: "\(label) \(version) (need ≥ \(need))")
    }

    static func python(_ facts: HostFacts) -> HostCheck {
        let need = minimumPythonVersion
        let why = "only the guide's Python test scripts need it; `asrctl test` does not"
        guard let text = facts.pythonVersion, let version = ToolVersion(text) else {
            let found = facts.pythonVersion.map { "python3 version \"\($0)\" not understood" } ?? "no python3 found"
            return HostCheck(
                name: "python",
                status: .warn,
                detail: "\(found) (\(why))",
                hint: "Install Python ≥ \(need) (apt-get install python3) to run the guide's scripts."
            )
        }
        guard version >= need else {
            return HostCheck(
                name: "python",
                status: .warn,
                detail: "python3 \(version), the guide's scripts need ≥ \(need) (\(why))",
                hint: "Install Python ≥ \(need) to run the guide's scripts, or use `asrctl test` instead."
            )
        }
        return HostCheck(name: "python", status: .pass, detail: "python3 \(version) (need ≥ \(need); informational)")
    }

    // MARK: - Engine and port

    static func engineLibrary(_ facts: HostFacts) -> HostCheck {
        guard let path = facts.engineLibraryPath else {
            return HostCheck(
                name: "engine-library",
                status: .fail,
                detail: "\(HostProbe.engineLibraryName) cannot be loaded",
                hint: "apt-get install libpocketsphinx3: the embedded runtime (and asrctl itself) link PocketSphinx."
            )
        }
        return HostCheck(name: "engine-library", status: .pass, detail: "PocketSphinx library at \(path)")
    }

    static func engineModel(_ facts: HostFacts) -> HostCheck {
        let entries = HostProbe.requiredModelEntries.joined(separator: ", ")
        guard facts.modelPresent else {
            return HostCheck(
                name: "engine-model",
                status: .fail,
                detail: "no complete en-us model in \(facts.modelDirectory) (needs \(entries))",
                hint: "apt-get install pocketsphinx-en-us: it installs the model in \(HostProbe.defaultModelDirectory)."
            )
        }
        return HostCheck(name: "engine-model", status: .pass, detail: "en-us model in \(facts.modelDirectory) (\(entries))")
    }

    static func port(_ facts: HostFacts) -> HostCheck {
        guard facts.portFree else {
            return HostCheck(
                name: "port",
                status: .fail,
                detail: "TCP port \(facts.port) is in use or cannot be bound on 0.0.0.0",
                hint:
                    "Stop what listens there (find it with `ss -ltnp 'sport = :\(facts.port)'`; an earlier deployment stops with `asrctl stop`), or choose another port in the profile."
            )
        }
        return HostCheck(name: "port", status: .pass, detail: "TCP port \(facts.port) is free on 0.0.0.0")
    }

    // MARK: - Configuration against host

    /// A settings rule as a check line: PASS with what holds when it found nothing, otherwise the
    /// worst finding's status with every finding and its hint.
    static func check(_ rule: any SettingsRule, _ configuration: DeploymentConfiguration, on host: HostResources) -> HostCheck? {
        guard let outcome = rule.evaluate(configuration, on: host) else { return nil }
        guard let worst = outcome.findings.map(\.status).max() else {
            return HostCheck(name: rule.id, status: .pass, detail: outcome.summary)
        }
        return HostCheck(
            name: rule.id,
            status: worst,
            detail: outcome.findings.map(\.message).joined(separator: "; "),
            hint: outcome.findings.map(\.hint).joined(separator: " ")
        )
    }

    static func deviceCapacity(requested: Int, estimate: DeviceCapacityEstimate) -> HostCheck {
        guard requested >= 1 else {
            return HostCheck(
                name: "devices",
                status: .fail,
                detail: "--devices \(requested): expected at least 1",
                hint: "Pass the number of devices expected to talk to this server."
            )
        }
        guard requested <= estimate.devices else {
            return HostCheck(
                name: "devices",
                status: .warn,
                detail: "\(requested) devices requested, more than the estimated capacity of \(estimate.devices) (\(estimate.derivation))",
                hint:
                    "Measure with `asrctl bench` before relying on this; to serve more, raise ASR_WORKER_THREADS, the cpuset and the cpus limit together on a host with more cores, or spread devices over several servers."
            )
        }
        return HostCheck(
            name: "devices",
            status: .pass,
            detail: "\(requested) devices within the estimated capacity of \(estimate.devices) (\(estimate.derivation))"
        )
    }

    /// The upstream is the engine service: nothing answers before `deploy` starts it, and then
    /// only on the Compose network, where Docker's health check and the runtime's probe ask it.
    static func upstreamEngineService(_ engine: EngineServiceConfiguration) -> HostCheck {
        HostCheck(
            name: "upstream",
            status: .pass,
            detail:
                "the engine service \(EngineServiceConfiguration.serviceName) (\(engine.renderedImage ?? "")) at \(engine.networkURL), on the Compose network only: deploy starts it, and the runtime once its health check passes"
        )
    }

    /// The upstream engine answers, how fast, and whether it lists the configured model.
    static func upstreamEngine(_ upstream: UpstreamReachability, model: String, speaks wireProtocol: UpstreamProtocol = .openAI) -> HostCheck {
        let time = String(format: "%.0f ms", upstream.seconds * 1000)
        guard let status = upstream.status else {
            return HostCheck(
                name: "upstream",
                status: .fail,
                detail: "\(upstream.url) did not answer (\(upstream.error ?? "no answer")) after \(time)",
                hint: "Start the engine or correct engine.upstream.url (ASR_UPSTREAM_URL); until it answers, its requests get 503 engine_unavailable."
            )
        }
        if status == 401 || status == 403 {
            return HostCheck(
                name: "upstream",
                status: .fail,
                detail: "\(upstream.url) refused the API key (HTTP \(status)) in \(time)",
                hint: "Check the key in engine.upstream.api_key_file (ASR_UPSTREAM_API_KEY_FILE)."
            )
        }
        if wireProtocol == .funASRWebSocket {
            return HostCheck(
                name: "upstream",
                status: .pass,
                detail: "\(upstream.url) answers in \(time) (a FunASR WebSocket server names no models)"
            )
        }
        guard let models = upstream.models else {
            return HostCheck(
                name: "upstream",
                status: .pass,
                detail: "\(upstream.url) answers (HTTP \(status)) in \(time); it lists no models, so \(model) cannot be confirmed"
            )
        }
        guard models.contains(model) else {
            return HostCheck(
                name: "upstream",
                status: .warn,
                detail: "\(upstream.url) answers in \(time) but does not list \(model) (it lists \(models.prefix(8).joined(separator: ", ")))",
                hint: "Set engine.upstream.model (ASR_UPSTREAM_MODEL) to a model the engine serves."
            )
        }
        return HostCheck(name: "upstream", status: .pass, detail: "\(upstream.url) answers in \(time) and lists \(model)")
    }
}
