import ASRContracts
import Foundation

/// The engine's own Compose service works as rendered: the runtime sends it requests (it is the
/// upstream, and something is routed there), its health check asks the port the runtime uses,
/// its environment is `NAME=value` pairs with no secret written inline, its mounts parse, and —
/// knowing the host — its cpus limit is one Docker accepts.
struct EngineServiceRule: SettingsRule {
    let id = "engine-service"
    let checks =
        "an engine_service.image is the upstream requests are routed to, on engine_service.port, with NAME=value environment holding no secret and SOURCE:TARGET volumes"

    /// Name parts that mark an environment variable as a secret: `API_KEY`, `HF_TOKEN`, `DB_PASSWORD`.
    static let secretNameParts: Set<String> = [
        "KEY", "APIKEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASS", "PWD", "CREDENTIAL", "CREDENTIALS",
    ]

    func evaluate(_ configuration: DeploymentConfiguration, on host: HostResources?) -> RuleOutcome? {
        let engine = configuration.engineService
        guard let image = engine.renderedImage else { return nil }
        let runtime = configuration.runtime
        var findings: [RuleFinding] = []

        if !runtime.usesUpstream {
            findings.append(
                RuleFinding(
                    .warn,
                    at: "engine_service.image",
                    related: ["ASR_ENGINE", "ASR_ENGINE_ROUTES"],
                    "the engine service \(EngineServiceConfiguration.serviceName) (\(image)) would run, but no request goes to the upstream (ASR_ENGINE=\(runtime.engine), no route names upstream): it would hold up to \(engine.resources.memoryLimit) for nothing",
                    hint:
                        "Route requests to it (engine.default: upstream, or engine.routes: zh=upstream,*=pocketsphinx), or remove engine.upstream.service.image."
                )
            )
        }
        findings += addressFindings(runtime.upstreamURL, engine)
        findings += environmentFindings(engine)
        for (entry, mount) in zip(engine.volumes, engine.mounts) where mount == nil {
            findings.append(
                RuleFinding(
                    .fail,
                    at: "engine_service.volumes",
                    "\"\(entry)\" is not a mount: write SOURCE:TARGET[:ro] with an absolute TARGET and a volume name or a host path as SOURCE",
                    hint: "E.g. engine-models:/home/ubuntu/.cache/huggingface/hub (a named volume) or /srv/models:/models:ro (a host directory)."
                )
            )
        }
        let cpus = engine.resources.cpusLimit
        if let host, cpus > Double(host.cores) {
            findings.append(
                RuleFinding(
                    .fail,
                    at: "engine_service.cpus_limit",
                    "the engine's cpus limit \(HostCheckFormat.number(cpus)) exceeds the host's \(host.cores) cores",
                    hint: "Docker refuses a cpus limit above the host's CPU count; set engine_service.cpus_limit to at most \(host.cores)."
                )
            )
        }
        return RuleOutcome(
            summary:
                "engine service \(EngineServiceConfiguration.serviceName): \(image) on port \(engine.port), limits \(HostCheckFormat.number(cpus)) CPUs / \(engine.resources.memoryLimit)",
            findings: findings
        )
    }

    /// The runtime's upstream is this service, on the port its health check asks.
    private func addressFindings(_ url: String, _ engine: EngineServiceConfiguration) -> [RuleFinding] {
        let service = EngineServiceConfiguration.serviceName
        guard let address = UpstreamAddress(url) else { return [] }
        guard engine.isReached(by: url) else {
            return [
                RuleFinding(
                    .warn,
                    at: "ASR_UPSTREAM_URL",
                    related: ["engine_service.image"],
                    "ASR_UPSTREAM_URL \(address.display) is not the engine service \(service): the runtime would not use the engine Compose runs for it",
                    hint:
                        "Leave engine.upstream.url out (it is then \(engine.networkURL)), or remove engine.upstream.service to use the engine at \(address.display)."
                )
            ]
        }
        let port = address.url.port ?? (address.url.scheme?.lowercased() == "https" ? 443 : 80)
        guard port == engine.port else {
            return [
                RuleFinding(
                    .fail,
                    at: "engine_service.port",
                    related: ["ASR_UPSTREAM_URL"],
                    "ASR_UPSTREAM_URL \(address.display) asks \(service) on port \(port), but the service listens (and is health-checked) on engine_service.port \(engine.port)",
                    hint:
                        "Set engine.upstream.service.port to the port the engine listens on, and leave engine.upstream.url out (or give it that port)."
                )
            ]
        }
        return []
    }

    /// `NAME=value` pairs with valid names, and no secret in them.
    private func environmentFindings(_ engine: EngineServiceConfiguration) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for (name, value) in engine.environmentPairs {
            if name.range(of: #"^[A-Za-z_][A-Za-z0-9_.-]*$"#, options: .regularExpression) == nil {
                findings.append(
                    RuleFinding(
                        .fail,
                        at: "engine_service.environment",
                        "\"\(name)\" is not an environment variable name",
                        hint: "Give the engine's environment as NAME: value (or NAME=value list items), names of letters, digits and _."
                    )
                )
            } else if !value.isEmpty, Self.looksSecret(name) {
                findings.append(
                    RuleFinding(
                        .fail,
                        at: "engine_service.environment",
                        "\(name) would be written into docker-compose.yml with its value: a secret is never rendered inline",
                        hint:
                            "Put NAME=value lines in a file named by engine.upstream.service.env_file (Compose reads it when it starts the engine), or let the engine read the key from /run/secrets/\(ComposeRenderer.upstreamKeySecret)."
                    )
                )
            }
        }
        return findings
    }

    /// Whether an environment variable's name says it holds a secret (a `…_FILE` names a path).
    static func looksSecret(_ name: String) -> Bool {
        let parts = name.uppercased().split { $0 == "_" || $0 == "." || $0 == "-" }.map(String.init)
        guard parts.last != "FILE" else { return false }
        return parts.contains { secretNameParts.contains($0) }
    }
}
