import ASRContracts

/// Every setting `asrctl` knows: the runtime's settings (`RuntimeSettings`) plus the container,
/// Redis, engine service, network and monitor settings of a deployment. Built-in defaults are the
/// deployment guide's values.
package enum SettingsCatalog {
    private static let mib: UInt64 = 1 << 20
    private static let dockerMemory = SettingKind.size(.docker, (4 * mib)...(1 << 40))
    private static let redisMemory = SettingKind.size(.redis, (1 * mib)...(1 << 40))
    private static let cpus = SettingKind.decimal(0.01...1024)
    private static let ulimit = SettingKind.integer(-1...1 << 30)

    private static func docker(_ text: String) -> SettingValue {
        .size(ByteSize(parsing: text, dialect: .docker)!)
    }

    private static func redis(_ text: String) -> SettingValue {
        .size(ByteSize(parsing: text, dialect: .redis)!)
    }

    private static func cpuList(_ text: String) -> SettingValue {
        .cpuset(try! CPUSet(parsing: text))
    }

    /// Settings that are not runtime settings, in the order operators read them.
    package static let deploymentSettings: [Setting] = [
        Setting(
            "container.image",
            .text,
            default: .text("asrctl-runtime:latest"),
            doc: "Image of the xiaozhi-esp32-server service that carries the ASR runtime."
        ),
        Setting(
            "container.cpus_limit",
            cpus,
            default: .decimal(2.5),
            unit: "cpus",
            doc: "CPU time the ASR container may use (deploy.resources.limits.cpus)."
        ),
        Setting(
            "container.cpus_reservation",
            cpus,
            default: .decimal(1.5),
            unit: "cpus",
            doc: "CPU time reserved for the ASR container."
        ),
        Setting(
            "container.cpuset",
            .cpuset,
            default: cpuList("0-2"),
            doc: "CPUs the ASR container is pinned to."
        ),
        Setting(
            "container.cpu_shares",
            .integer(2...262_144),
            default: .integer(1024),
            doc: "Relative CPU weight of the ASR container under contention."
        ),
        Setting(
            "container.memory_limit",
            dockerMemory,
            default: docker("4G"),
            doc: "Memory the ASR container may use before the kernel kills it."
        ),
        Setting(
            "container.memory_reservation",
            dockerMemory,
            default: docker("2G"),
            doc: "Memory reserved for the ASR container."
        ),
        Setting(
            "container.mem_swappiness",
            .integer(0...100),
            default: .integer(10),
            doc: "How readily the kernel swaps the container's memory (0-100)."
        ),
        Setting(
            "container.shm_size",
            dockerMemory,
            default: docker("2g"),
            doc: "Size of /dev/shm in the container."
        ),
        Setting(
            "container.tmpfs_mount",
            .text,
            default: .text("/tmp"),
            doc: "Where a RAM-backed tmpfs is mounted in the container."
        ),
        Setting(
            "container.tmpfs_size",
            dockerMemory,
            default: docker("1G"),
            doc: "Size of that tmpfs."
        ),
        Setting(
            "container.seccomp",
            .text,
            default: nil,
            doc: "seccomp profile (security_opt); unset keeps Docker's default filter."
        ),
        Setting("container.ulimit_nofile_soft", ulimit, default: .integer(65536), doc: "Open files, soft limit."),
        Setting("container.ulimit_nofile_hard", ulimit, default: .integer(65536), doc: "Open files, hard limit."),
        Setting("container.ulimit_memlock_soft", ulimit, default: .integer(-1), doc: "Locked memory, soft limit (-1 unlimited)."),
        Setting("container.ulimit_memlock_hard", ulimit, default: .integer(-1), doc: "Locked memory, hard limit (-1 unlimited)."),
        Setting("container.ulimit_nproc_soft", ulimit, default: .integer(32768), doc: "Processes, soft limit."),
        Setting("container.ulimit_nproc_hard", ulimit, default: .integer(32768), doc: "Processes, hard limit."),
        Setting(
            "container.restart",
            .choice(["no", "always", "on-failure", "unless-stopped"]),
            default: .text("always"),
            doc: "Restart policy of the ASR container."
        ),
        Setting(
            "container.healthcheck_test",
            .list,
            default: .list(["CMD", "curl", "-f", "http://localhost:8001/health"]),
            doc: "Command Docker runs to decide whether the ASR service is healthy."
        ),
        Setting("container.healthcheck_interval", .duration, default: .text("30s"), doc: "Time between health checks."),
        Setting("container.healthcheck_timeout", .duration, default: .text("10s"), doc: "Time a health check may take."),
        Setting(
            "container.healthcheck_retries",
            .integer(1...100),
            default: .integer(3),
            doc: "Failed checks before the container counts as unhealthy."
        ),
        Setting(
            "container.healthcheck_start_period",
            .duration,
            default: .text("60s"),
            doc: "Grace period after start during which failures do not count."
        ),
        Setting("container.log_driver", .text, default: .text("json-file"), doc: "Docker logging driver of the ASR and engine containers."),
        Setting("container.log_max_size", .text, default: .text("100m"), doc: "Size at which a log file is rotated."),
        Setting("container.log_max_file", .integer(1...1000), default: .integer(3), doc: "Rotated log files kept."),
        Setting(
            "env.MALLOC_ARENA_MAX",
            .integer(1...1024),
            default: .integer(2),
            doc: "glibc malloc arenas; fewer arenas keep the runtime's RSS lower under many threads."
        ),
        Setting(
            "env.MALLOC_MMAP_THRESHOLD_",
            .integer(0...(1 << 30)),
            default: .integer(131_072),
            unit: "bytes",
            doc: "Allocations above this size come from mmap and return to the OS when freed."
        ),
        Setting("network.driver", .text, default: .text("bridge"), doc: "Docker network driver."),
        Setting("network.mtu", .integer(68...65535), default: .integer(1500), doc: "MTU of the Compose network."),
        Setting(
            "redis.enabled",
            .boolean,
            default: .boolean(true),
            doc: "Run Redis as the L2 result cache; false leaves only the in-process L1 cache."
        ),
        Setting("redis.image", .text, default: .text("redis:7-alpine"), doc: "Image of the Redis service."),
        Setting("redis.maxmemory", redisMemory, default: redis("512mb"), doc: "Redis maxmemory."),
        Setting(
            "redis.maxmemory_policy",
            .choice([
                "noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random",
                "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
            ]),
            default: .text("allkeys-lru"),
            doc: "What Redis evicts when maxmemory is reached."
        ),
        Setting(
            "redis.hash_max_ziplist_entries",
            .integer(0...1_000_000),
            default: .integer(512),
            doc: "Hashes with at most this many entries use the compact encoding."
        ),
        Setting(
            "redis.hash_max_ziplist_value",
            .integer(0...1_000_000),
            default: .integer(64),
            doc: "Hashes whose values are at most this long use the compact encoding."
        ),
        Setting(
            "redis.list_max_ziplist_size",
            .integer(-5...1_000_000),
            default: .integer(-2),
            doc: "Compact list node size (negative: -2 = 8 KB per node)."
        ),
        Setting(
            "redis.set_max_intset_entries",
            .integer(0...1_000_000),
            default: .integer(512),
            doc: "Integer sets with at most this many members use the compact encoding."
        ),
        Setting("redis.cpus_limit", cpus, default: .decimal(0.5), unit: "cpus", doc: "CPU limit of the Redis container."),
        Setting("redis.cpus_reservation", cpus, default: .decimal(0.2), unit: "cpus", doc: "CPU reserved for Redis."),
        Setting("redis.memory_limit", dockerMemory, default: docker("768M"), doc: "Memory limit of the Redis container."),
        Setting("redis.memory_reservation", dockerMemory, default: docker("512M"), doc: "Memory reserved for Redis."),
        Setting("redis.cpuset", .cpuset, default: nil, doc: "CPUs the Redis container is pinned to."),
        Setting(
            "engine_service.image",
            .text,
            default: nil,
            doc:
                "Image of an OpenAI-compatible engine (speaches, FunASR, …) that render compose runs as the service asr-engine, which the runtime waits for; unset or empty renders none."
        ),
        Setting(
            "engine_service.port",
            .integer(1...65535),
            default: .integer(8000),
            doc:
                "Port the engine listens on inside its container: its health check asks it, and ASR_UPSTREAM_URL defaults to http://asr-engine:<port>."
        ),
        Setting(
            "engine_service.command",
            .list,
            default: nil,
            doc: "Command the engine container runs; unset keeps the image's own."
        ),
        Setting("engine_service.cpus_limit", cpus, default: .decimal(2), unit: "cpus", doc: "CPU time the engine container may use."),
        Setting("engine_service.cpus_reservation", cpus, default: .decimal(1), unit: "cpus", doc: "CPU time reserved for the engine container."),
        Setting(
            "engine_service.memory_limit",
            dockerMemory,
            default: docker("3g"),
            doc: "Memory the engine container may use before the kernel kills it (its model included)."
        ),
        Setting("engine_service.memory_reservation", dockerMemory, default: docker("2g"), doc: "Memory reserved for the engine container."),
        Setting(
            "engine_service.environment",
            .list,
            default: .list([]),
            doc: "NAME=value pairs passed to the engine as they are; never a secret (use engine_service.env_file)."
        ),
        Setting(
            "engine_service.env_file",
            .text,
            default: nil,
            doc:
                "File of NAME=value lines (e.g. the engine's own API key) Compose reads into the engine's environment; only its path is rendered."
        ),
        Setting(
            "engine_service.volumes",
            .list,
            default: .list([]),
            doc: "Mounts for the engine as SOURCE:TARGET[:ro], e.g. a named volume for its model cache (engine-models:/root/.cache)."
        ),
        Setting(
            "engine_service.healthcheck_test",
            .list,
            default: nil,
            doc:
                "Command Docker runs to judge the engine healthy; unset: GET /v1/models on its port with curl, else wget, else python3."
        ),
        Setting("engine_service.healthcheck_interval", .duration, default: .text("10s"), doc: "Time between the engine's health checks."),
        Setting("engine_service.healthcheck_timeout", .duration, default: .text("5s"), doc: "Time one engine health check may take."),
        Setting(
            "engine_service.healthcheck_retries",
            .integer(1...100),
            default: .integer(5),
            doc: "Failed checks before the engine counts as unhealthy."
        ),
        Setting(
            "engine_service.healthcheck_start_period",
            .duration,
            default: .text("120s"),
            doc: "Grace period for the engine to load its model, during which failed checks do not count."
        ),
        Setting(
            "monitor.interval",
            .integer(1...86400),
            default: .integer(30),
            unit: "s",
            doc: "Seconds between monitor cycles."
        ),
        Setting(
            "monitor.alert_response_time",
            .decimal(0.001...600),
            default: .decimal(1.0),
            unit: "s",
            doc: "Alert when the average recognition time exceeds this."
        ),
        Setting(
            "monitor.alert_cache_hit_rate",
            .decimal(0...1),
            default: .decimal(0.10),
            doc: "Alert when the cache hit rate falls below this (0..1)."
        ),
        Setting(
            "monitor.alert_memory_mb",
            .integer(1...1_048_576),
            default: .integer(1400),
            unit: "MB",
            doc: "Alert when the ASR service's own RSS exceeds this."
        ),
        Setting(
            "monitor.alert_cpu_percent",
            .decimal(1...100),
            default: .decimal(90),
            unit: "%",
            doc: "Alert when host CPU use exceeds this."
        ),
        Setting(
            "monitor.alert_error_rate",
            .decimal(0...1),
            default: .decimal(0.05),
            doc: "Alert when the share of failed requests exceeds this (0..1)."
        ),
    ]

    /// Every setting: the runtime's first, then the deployment settings.
    package static let all: [Setting] = RuntimeSettings.all + deploymentSettings

    private static let byID: [String: Setting] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// The setting called `id` (an `ASR_*` name or a dotted name), if any.
    package static func setting(_ id: String) -> Setting? { byID[id] }

    /// Known setting ids closest to `id`, for "did you mean" hints.
    package static func suggestions(for id: String) -> [String] {
        let lowered = id.lowercased()
        return all.map(\.id)
            .map { ($0, EditDistance.between($0.lowercased(), lowered)) }
            .filter { $0.1 <= max(2, lowered.count / 4) }
            .sorted { $0.1 < $1.1 }
            .prefix(3)
            .map(\.0)
    }
}
