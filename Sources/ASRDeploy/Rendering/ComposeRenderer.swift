import Foundation
import Yams

/// Renders `docker-compose.yml`: the `xiaozhi-esp32-server` service carrying the ASR runtime and
/// its `xiaozhi-esp32-server-redis`, with the guide's resources, limits and health checks.
public enum ComposeRenderer {
    public static let asrService = "xiaozhi-esp32-server"
    public static let redisService = "xiaozhi-esp32-server-redis"

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

    static func model(_ config: EffectiveConfiguration) -> ComposeFile {
        let redisEnabled = config.bool("redis.enabled")
        var environment: [String: String] = [:]
        for (name, value) in config.runtimeEnvironment { environment[name] = value }
        environment["ASR_HOST"] = "0.0.0.0"
        environment["ASR_PORT"] = String(containerPort)
        environment["ASR_REDIS_URL"] = redisEnabled ? "redis://\(redisService):6379" : ""
        for entry in config.entries where entry.setting.id.hasPrefix("env.") {
            if let value = entry.value { environment[String(entry.setting.id.dropFirst(4))] = value.description }
        }
        let port = config.int("ASR_PORT")

        func ulimit(_ name: String) -> ComposeUlimit {
            ComposeUlimit(soft: config.int("container.ulimit_\(name)_soft"), hard: config.int("container.ulimit_\(name)_hard"))
        }
        func resources(_ prefix: String) -> ComposeDeploy {
            ComposeDeploy(
                resources: .init(
                    limits: ComposeResourceSpec(
                        cpus: config.value("\(prefix).cpus_limit")!.description,
                        memory: config.size("\(prefix).memory_limit").text
                    ),
                    reservations: ComposeResourceSpec(
                        cpus: config.value("\(prefix).cpus_reservation")!.description,
                        memory: config.size("\(prefix).memory_reservation").text
                    )
                )
            )
        }

        let asr = ComposeService(
            image: config.text("container.image"),
            containerName: asrService,
            command: ["asrctl", "serve"],
            restart: config.text("container.restart"),
            ports: ["\(port):\(containerPort)"],
            environment: environment,
            dependsOn: redisEnabled ? [redisService] : nil,
            deploy: resources("container"),
            cpuset: config.text("container.cpuset"),
            cpuShares: config.int("container.cpu_shares"),
            memSwappiness: config.int("container.mem_swappiness"),
            shmSize: config.size("container.shm_size").text,
            securityOpt: config.value("container.seccomp").map { ["seccomp:\($0.description)"] },
            ulimits: ["nofile": ulimit("nofile"), "memlock": ulimit("memlock"), "nproc": ulimit("nproc")],
            volumes: [
                ComposeVolume(
                    type: "tmpfs",
                    target: config.text("container.tmpfs_mount"),
                    tmpfs: .init(size: config.size("container.tmpfs_size").text)
                )
            ],
            healthcheck: ComposeHealthcheck(
                test: config.value("container.healthcheck_test")?.listValue ?? [],
                interval: config.text("container.healthcheck_interval"),
                timeout: config.text("container.healthcheck_timeout"),
                retries: config.int("container.healthcheck_retries"),
                startPeriod: config.text("container.healthcheck_start_period")
            ),
            logging: ComposeLogging(
                driver: config.text("container.log_driver"),
                options: [
                    "max-size": config.text("container.log_max_size"),
                    "max-file": String(config.int("container.log_max_file")),
                ]
            )
        )

        var services = [asrService: asr]
        if redisEnabled {
            services[redisService] = ComposeService(
                image: config.text("redis.image"),
                containerName: redisService,
                command: ["redis-server"] + RedisCommandLine(configuration: config).arguments + composeOnlyRedisArguments,
                restart: "always",
                expose: ["6379"],
                deploy: resources("redis"),
                cpuset: config.value("redis.cpuset")?.description,
                healthcheck: ComposeHealthcheck(test: ["CMD", "redis-cli", "ping"], interval: "10s", timeout: "5s", retries: 3)
            )
        }
        return ComposeFile(
            services: services,
            networks: [
                "default": ComposeNetwork(
                    driver: config.text("network.driver"),
                    driverOpts: ["com.docker.network.driver.mtu": String(config.int("network.mtu"))]
                )
            ]
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
