import ASRContracts
import Foundation
import Yams

/// Renders `docker-compose.yml`: the `xiaozhi-esp32-server` service carrying the ASR runtime and
/// its `xiaozhi-esp32-server-redis`, with the guide's resources, limits and health checks, and,
/// when the profile names an engine image, the engine as `asr-engine`, which the runtime starts
/// after once it is healthy.
public enum ComposeRenderer {
    public static let asrService = "xiaozhi-esp32-server"
    public static let redisService = "xiaozhi-esp32-server-redis"
    public static let engineService = EngineServiceConfiguration.serviceName

    /// Flags the Compose Redis gets beyond the profile's: protected mode off. Without a bind
    /// address or password Redis 7 answers only loopback clients, and the runtime reaches it from
    /// another container over the Compose network (which publishes no Redis port). The official
    /// image turns protected mode off for this reason; saying so here makes any Redis image
    /// work, such as one `asrctl image build --redis-tag` builds from Debian's redis-server.
    static let composeOnlyRedisArguments = ["--protected-mode", "no"]

    /// The port the runtime listens on inside its container: the guide's 8001, whatever
    /// `ASR_PORT` is. `ASR_PORT` is where the deployment is reached, so it is the published host
    /// port (`ASR_PORT:8001`); the image's EXPOSE and the health check (`curl
    /// http://localhost:8001/health`, run inside the container) stay right when it changes.
    public static let containerPort = 8001

    /// The FunASR listener's port inside the container, FunASR's 10095; published on
    /// `ASR_FUNASR_PORT` the same way, and not at all when that is 0 (the listener is off).
    public static let containerFunASRPort = 10095

    /// The Compose secret holding the upstream engine's API key: `ASR_UPSTREAM_API_KEY_FILE`
    /// names the file on the host, the runtime reads it at `/run/secrets/upstream_api_key`.
    static let upstreamKeySecret = "upstream_api_key"

    static func model(_ config: EffectiveConfiguration) -> ComposeFile {
        let settings = config.typed
        let container = settings.container
        let redis = settings.redis
        var environment: [String: String] = [:]
        for (name, value) in config.runtimeEnvironment { environment[name] = value }
        environment["ASR_HOST"] = "0.0.0.0"
        environment["ASR_PORT"] = String(containerPort)
        let funASRPort = settings.runtime.funASRPort
        environment["ASR_FUNASR_PORT"] = funASRPort == 0 ? "0" : String(containerFunASRPort)
        environment["ASR_REDIS_URL"] = redis.enabled ? "redis://\(redisService):6379" : ""
        environment.merge(settings.malloc.environment) { $1 }
        let keyFile = settings.runtime.upstreamAPIKeyFile.trimmingCharacters(in: .whitespaces)
        var secrets: [String: ComposeSecret]?
        if !keyFile.isEmpty {
            secrets = [upstreamKeySecret: ComposeSecret(file: keyFile)]
            environment["ASR_UPSTREAM_API_KEY_FILE"] = "/run/secrets/\(upstreamKeySecret)"
        }

        let engine = EngineComposeService.service(settings, keySecret: secrets == nil ? nil : upstreamKeySecret)
        var dependencies: [String: ComposeDependencies.Condition] = [:]
        if redis.enabled { dependencies[redisService] = .started }
        if engine != nil { dependencies[engineService] = .healthy }

        let asr = ComposeService(
            image: container.image,
            containerName: asrService,
            command: ["asrctl", "serve"],
            restart: container.restart,
            ports: ["\(settings.runtime.port):\(containerPort)"] + (funASRPort == 0 ? [] : ["\(funASRPort):\(containerFunASRPort)"]),
            environment: environment,
            dependsOn: dependencies.isEmpty ? nil : ComposeDependencies(conditions: dependencies),
            deploy: ComposeDeploy(container.resources),
            cpuset: container.cpuset.text,
            cpuShares: container.cpuShares,
            memSwappiness: container.memSwappiness,
            shmSize: container.shmSize.text,
            securityOpt: container.seccomp.map { ["seccomp:\($0)"] },
            ulimits: [
                "nofile": ComposeUlimit(soft: container.ulimitNofileSoft, hard: container.ulimitNofileHard),
                "memlock": ComposeUlimit(soft: container.ulimitMemlockSoft, hard: container.ulimitMemlockHard),
                "nproc": ComposeUlimit(soft: container.ulimitNprocSoft, hard: container.ulimitNprocHard),
            ],
            volumes: [
                ComposeVolume(type: "tmpfs", target: container.tmpfsMount, tmpfs: .init(size: container.tmpfsSize.text))
            ],
            healthcheck: ComposeHealthcheck(
                test: container.healthcheckTest,
                interval: container.healthcheckInterval,
                timeout: container.healthcheckTimeout,
                retries: container.healthcheckRetries,
                startPeriod: container.healthcheckStartPeriod
            ),
            logging: ComposeLogging(container),
            secrets: secrets.map { Array($0.keys) }
        )

        var services = [asrService: asr]
        if redis.enabled {
            services[redisService] = ComposeService(
                image: redis.image,
                containerName: redisService,
                command: ["redis-server"] + RedisCommandLine(redis: redis).arguments + composeOnlyRedisArguments,
                restart: "always",
                expose: ["6379"],
                deploy: ComposeDeploy(redis.resources),
                cpuset: redis.cpuset?.text,
                healthcheck: ComposeHealthcheck(test: ["CMD", "redis-cli", "ping"], interval: "10s", timeout: "5s", retries: 3)
            )
        }
        services[engineService] = engine
        return ComposeFile(
            services: services,
            networks: [
                "default": ComposeNetwork(
                    driver: settings.network.driver,
                    driverOpts: ["com.docker.network.driver.mtu": String(settings.network.mtu)]
                )
            ],
            secrets: secrets,
            volumes: EngineComposeService.namedVolumes(settings)
        )
    }

    /// The Compose file as YAML, deterministic (sorted keys), with a header naming its sources.
    public static func render(_ config: EffectiveConfiguration) throws -> String {
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        encoder.options.indent = 2
        return RenderHeader.text(for: config, comment: "#") + (try encoder.encode(model(config)))
    }
}
