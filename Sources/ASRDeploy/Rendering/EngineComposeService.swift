import ASRContracts

/// The engine's own Compose service, `asr-engine` (`engine_service.*`): its image with its own
/// limits and health check on the deployment's network, reached by the runtime at
/// `http://asr-engine:<port>` and never published on the host. Values are passed literally: a
/// `$` is written `$$`, so Compose does not substitute the host's environment into them.
enum EngineComposeService {
    /// The service, or nil when no engine image is named.
    /// - Parameters:
    ///   - keySecret: the Compose secret holding the upstream's API key, when there is one: the
    ///     engine may read it at `/run/secrets/<keySecret>`.
    static func service(_ settings: DeploymentConfiguration, keySecret: String?) -> ComposeService? {
        let engine = settings.engineService
        guard let image = engine.renderedImage else { return nil }
        let container = settings.container
        var environment: [String: String] = [:]
        for (name, value) in engine.environmentPairs { environment[name] = literal(value) }
        return ComposeService(
            image: image,
            containerName: EngineServiceConfiguration.serviceName,
            command: engine.command?.map(literal),
            restart: "always",
            expose: [String(engine.port)],
            environment: environment.isEmpty ? nil : environment,
            envFile: engine.renderedEnvFile.map { [$0] },
            deploy: ComposeDeploy(engine.resources),
            volumes: volumes(engine),
            healthcheck: ComposeHealthcheck(
                test: healthcheckTest(engine).map(literal),
                interval: engine.healthcheckInterval,
                timeout: engine.healthcheckTimeout,
                retries: engine.healthcheckRetries,
                startPeriod: engine.healthcheckStartPeriod
            ),
            logging: ComposeLogging(container),
            secrets: keySecret.map { [$0] }
        )
    }

    /// The named volumes the engine mounts, for the file's top-level `volumes:`; nil when none.
    static func namedVolumes(_ settings: DeploymentConfiguration) -> [String: ComposeNamedVolume]? {
        guard settings.engineService.renderedImage != nil else { return nil }
        let names = settings.engineService.mounts.compactMap { $0?.volumeName }
        return names.isEmpty ? nil : Dictionary(names.map { ($0, ComposeNamedVolume()) }) { first, _ in first }
    }

    /// The health check's command: `engine_service.healthcheck_test`, or `defaultHealthcheckTest`.
    /// A command without Docker's `CMD`/`CMD-SHELL`/`NONE` prefix runs in the shell, as Compose
    /// reads a test written as one string; a shell command split into words is joined again.
    static func healthcheckTest(_ engine: EngineServiceConfiguration) -> [String] {
        guard let test = engine.healthcheckTest, let first = test.first else {
            return defaultHealthcheckTest(port: engine.port, speaks: engine.wireProtocol)
        }
        switch first {
        case "CMD", "NONE": return test
        case "CMD-SHELL": return ["CMD-SHELL", test.dropFirst().joined(separator: " ")]
        default: return ["CMD-SHELL", test.joined(separator: " ")]
        }
    }

    /// `GET /v1/models` on the engine's port with the first of curl, wget (busybox's too) and
    /// python3 that the image has: the speaches image carries curl, Alpine-based images busybox
    /// wget, and the Python engines (FunASR's API, vLLM) python3. Any 2xx passes; an engine that
    /// wants its API key on `/v1/models` needs its own test. A FunASR WebSocket server lists no
    /// models and answers a plain request with 426: any HTTP answer on `/` passes.
    static func defaultHealthcheckTest(port: Int, speaks wireProtocol: UpstreamProtocol = .openAI) -> [String] {
        switch wireProtocol {
        case .openAI:
            let url = "http://localhost:\(port)/v1/models"
            return [
                "CMD-SHELL",
                "if command -v curl >/dev/null 2>&1; then curl -fsS -o /dev/null \(url); "
                    + "elif command -v wget >/dev/null 2>&1; then wget -q -O /dev/null \(url); "
                    + "else python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' \(url); fi",
            ]
        case .funASRWebSocket:
            let url = "http://localhost:\(port)/"
            // curl without -f passes on any answer; wget -S prints the answer's status line.
            return [
                "CMD-SHELL",
                "if command -v curl >/dev/null 2>&1; then curl -sS -o /dev/null \(url); "
                    + "elif command -v wget >/dev/null 2>&1; then wget -S -O /dev/null \(url) 2>&1 | grep -q HTTP/; "
                    + "else python3 -c 'import socket; socket.create_connection((\"localhost\", \(port)), 5)'; fi",
            ]
        }
    }

    /// `text` as Compose passes it on: every `$` doubled.
    static func literal(_ text: String) -> String {
        text.replacingOccurrences(of: "$", with: "$$")
    }

    private static func volumes(_ engine: EngineServiceConfiguration) -> [ComposeVolume]? {
        let mounts = engine.mounts.compactMap { $0 }
        guard !mounts.isEmpty else { return nil }
        return mounts.map { mount in
            ComposeVolume(
                type: mount.isHostPath ? "bind" : "volume",
                source: mount.source,
                target: mount.target,
                readOnly: mount.readOnly ? true : nil
            )
        }
    }
}
