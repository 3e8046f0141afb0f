import ASRContracts
import Yams

/// The keys `asrctl` reads from profiles, presets and `--values` files: the deployment guide's
/// two profiles (`asr_memory_optimization`, `asr_docker_optimization`), their environment blocks,
/// a flat `settings:` block, and Docker Compose files (see `ComposeImport`).
///
/// Keys the fork's files carry that nothing can honour are listed with the reason; keys not
/// listed at all are warned about as unknown.
enum ProfileSchema {
    private static let modelIsFixed =
        "PocketSphinx loads one model copy per decoder at start-up; there is no separate model cache or persistent cache"
    private static let noQuantization = "PocketSphinx models are not quantizable at run time (no INT8/FP16 path)"
    private static let noSharding = "one model per decoder; there is nothing to shard"
    private static let hashAlways = "results are always keyed by the SHA-256 of the audio; the hash is not configurable"
    private static let noSemantic = "no semantic cache exists: a cache hit needs identical audio"
    private static let noFrequency = "every result is cached on first decode; there is no admission by frequency"
    private static let monitorOnly = "not read by the runtime; asrctl monitor takes its thresholds from monitoring.alerts"
    private static let noAutoTuning = "nothing retunes itself; use asrctl tune"
    private static let alwaysOn = "always on in this runtime, not a switch"

    static let memoryProfile: KeyRule = .section([
        "memory_management": .section([
            "max_memory_mb": .setting("ASR_MAX_MEMORY_MB"),
            "memory_warning_threshold": .setting("ASR_MEMORY_WARNING_MB"),
            "memory_critical_threshold": .setting("ASR_MEMORY_CRITICAL_MB"),
            "memory_pools": .section([
                "audio_buffer_pool": .section([
                    "enable": .setting("ASR_ENABLE_MEMORY_POOL"),
                    "size": .setting("ASR_MEMORY_POOL_SIZE"),
                    "buffer_size_kb": .setting("ASR_MEMORY_POOL_BUFFER_KB"),
                    "prealloc": .setting("ASR_MEMORY_POOL_PREALLOC"),
                ]),
                "model_cache_pool": .noEffect(modelIsFixed),
                "result_cache_pool": .noEffect("the result cache is L1: its budget is cache_levels.l1_memory.size_mb (ASR_CACHE_SIZE_MB)"),
            ]),
            "gc_optimization": .section([
                "enable_aggressive_gc": .setting("ASR_ENABLE_AGGRESSIVE_GC"),
                "gc_interval_seconds": .setting("ASR_GC_INTERVAL"),
                "memory_pressure_threshold": .noEffect("memory pressure is memory_warning_threshold (ASR_MEMORY_WARNING_MB)"),
            ]),
        ]),
        "cache_strategy": .section([
            "redis_cache": .section([
                "enable": .setting("redis.enabled"),
                "max_memory": .setting("redis.maxmemory"),
                "eviction_policy": .setting("redis.maxmemory_policy"),
                "key_prefix": .setting("ASR_REDIS_KEY_PREFIX"),
                "server_flags": .section([
                    "hash_max_ziplist_entries": .setting("redis.hash_max_ziplist_entries"),
                    "hash_max_ziplist_value": .setting("redis.hash_max_ziplist_value"),
                    "list_max_ziplist_size": .setting("redis.list_max_ziplist_size"),
                    "set_max_intset_entries": .setting("redis.set_max_intset_entries"),
                ]),
                "cache_levels": .section([
                    "l1_memory": .section([
                        "size_mb": .setting("ASR_CACHE_SIZE_MB"),
                        "ttl_seconds": .noEffect(
                            "L1 entries do not expire: a transcript of identical audio never goes stale; L1 is bounded by bytes"
                        ),
                        "max_entries": .noEffect("L1 is bounded by bytes (size_mb), not by entries"),
                    ]),
                    "l2_redis": .section([
                        "ttl_seconds": .setting("ASR_CACHE_TTL"),
                        "size_mb": .noEffect("Redis memory is bounded by redis_cache.max_memory"),
                        "max_entries": .noEffect("Redis memory is bounded by redis_cache.max_memory, not by entries"),
                    ]),
                ]),
            ]),
            "intelligent_caching": .section([
                "audio_hash_cache": .noEffect(hashAlways),
                "semantic_cache": .noEffect(noSemantic),
                "frequency_cache": .noEffect(noFrequency),
            ]),
        ]),
        "model_optimization": .section([
            "quantization": .noEffect(noQuantization),
            "model_sharding": .noEffect(noSharding),
            "model_cache": .noEffect(modelIsFixed),
        ]),
        "audio_processing": .section([
            "buffer_optimization": .section([
                "chunk_size": .setting("ASR_CHUNK_SIZE"),
                "overlap_size": .setting("ASR_OVERLAP_SIZE"),
                "max_buffer_chunks": .noEffect("a stream's buffered audio is bounded by the utterance endpointer, not a chunk count"),
            ]),
            "streaming_optimization": .noEffect(alwaysOn),
            "audio_compression": .noEffect("audio arrives as Opus from devices or PCM/WAV over HTTP; nothing is recompressed"),
        ]),
        "concurrency_memory": .section([
            "thread_pool": .section([
                "max_workers": .setting("ASR_WORKER_THREADS"),
                "thread_stack_size_kb": .noEffect("decoder threads use the system's default stack size"),
            ]),
            "queue_management": .section([
                "max_queue_size": .setting("ASR_QUEUE_SIZE"),
                "queue_memory_limit_mb": .noEffect("the queue is bounded by count (max_queue_size) and by the memory cap"),
            ]),
            "connection_pool": .section([
                "max_connections": .setting("ASR_MAX_CONCURRENT"),
                "connection_buffer_size_kb": .noEffect("request bodies are bounded by the API's body limit"),
            ]),
        ]),
        "monitoring": .section([
            "alerts": .section([
                "interval_seconds": .setting("monitor.interval"),
                "response_time_seconds": .setting("monitor.alert_response_time"),
                "cache_hit_rate_below": .setting("monitor.alert_cache_hit_rate"),
                "service_memory_mb": .setting("monitor.alert_memory_mb"),
                "cpu_percent": .setting("monitor.alert_cpu_percent"),
                "error_rate": .setting("monitor.alert_error_rate"),
            ]),
            "memory_monitoring": .noEffect(monitorOnly),
            "performance_metrics": .noEffect("the runtime always tracks hit rate and latency; /asr/stats and /metrics show them"),
            "auto_tuning": .noEffect(noAutoTuning),
        ]),
        "failover": .section([
            "oom_handling": .noEffect("degradation is fixed: caches are trimmed at the warning threshold and new work is shed at the critical one"),
            "cache_recovery": .noEffect("no cache warm-up: L2 (Redis) survives restarts of the runtime"),
        ]),
    ])

    static let dockerProfile: KeyRule = .section([
        "service": .section([
            "image": .setting("container.image")
        ]),
        "resource_allocation": .section([
            "cpu": .section([
                "cpus_limit": .setting("container.cpus_limit"),
                "cpus_reservation": .setting("container.cpus_reservation"),
                "cpuset": .setting("container.cpuset"),
                "cpu_shares": .setting("container.cpu_shares"),
            ]),
            "memory": .section([
                "memory_limit": .setting("container.memory_limit"),
                "memory_reservation": .setting("container.memory_reservation"),
                "mem_swappiness": .setting("container.mem_swappiness"),
                "shm_size": .setting("container.shm_size"),
            ]),
            "storage": .section([
                "tmpfs_size": .setting("container.tmpfs_size"),
                "tmpfs_mount": .setting("container.tmpfs_mount"),
                "model_volume_type": .noEffect("the model ships in the image (Debian's pocketsphinx-en-us); nothing is mounted for it"),
            ]),
        ]),
        "runtime_optimization": .section([
            "security": .section([
                "seccomp": .setting("container.seccomp")
            ]),
            "network": .section([
                "mtu": .setting("network.mtu"),
                "driver": .setting("network.driver"),
            ]),
            "ulimits": .section([
                "nofile": .section(["soft": .setting("container.ulimit_nofile_soft"), "hard": .setting("container.ulimit_nofile_hard")]),
                "memlock": .section(["soft": .setting("container.ulimit_memlock_soft"), "hard": .setting("container.ulimit_memlock_hard")]),
                "nproc": .section(["soft": .setting("container.ulimit_nproc_soft"), "hard": .setting("container.ulimit_nproc_hard")]),
            ]),
        ]),
        "environment_optimization": .section([:], other: .environment),
        "redis_container": .section([
            "image": .setting("redis.image"),
            "cpus_limit": .setting("redis.cpus_limit"),
            "cpus_reservation": .setting("redis.cpus_reservation"),
            "memory_limit": .setting("redis.memory_limit"),
            "memory_reservation": .setting("redis.memory_reservation"),
            "cpuset": .setting("redis.cpuset"),
        ]),
        "health_check": .section([
            "asr_health": healthcheck("container")
        ]),
        "logging": .section([
            "driver": .setting("container.log_driver"),
            "options": .section([
                "max_size": .setting("container.log_max_size"),
                "max_file": .setting("container.log_max_file"),
            ]),
        ]),
        "restart_policy": .section([
            "condition": .setting("container.restart"),
            "delay": .noEffect("Compose's restart policy has no delay outside Swarm mode"),
            "max_attempts": .noEffect("Compose's `restart: always` retries without limit outside Swarm mode"),
            "window": .noEffect("Compose's restart policy has no window outside Swarm mode"),
        ]),
        "monitoring": .section([
            "resource_monitoring": .noEffect(monitorOnly),
            "performance_metrics": .section([
                "cpu_usage_threshold": .setting("monitor.alert_cpu_percent"),
                "memory_usage_threshold": .noEffect(
                    "the monitor alerts on the service's own memory (monitoring.alerts.service_memory_mb), not a container percentage"
                ),
            ]),
        ]),
        "optimization_recommendations": .ignored("advice text, read by people, not by asrctl"),
    ])

    /// `engine:` — which engine recognises, how hard PocketSphinx searches, and the upstream
    /// (OpenAI API or FunASR WebSocket) when one is used.
    static let engineSection: KeyRule = .section([
        "default": .setting("ASR_ENGINE"),
        "routes": .setting("ASR_ENGINE_ROUTES"),
        "pocketsphinx": .section([
            "search_level": .setting("ASR_SEARCH_LEVEL")
        ]),
        "upstream": .section([
            "url": .setting("ASR_UPSTREAM_URL"),
            "protocol": .setting("ASR_UPSTREAM_PROTOCOL"),
            "model": .setting("ASR_UPSTREAM_MODEL"),
            "api_key_file": .setting("ASR_UPSTREAM_API_KEY_FILE"),
            "timeout_seconds": .setting("ASR_UPSTREAM_TIMEOUT"),
            "max_in_flight": .setting("ASR_UPSTREAM_MAX_IN_FLIGHT"),
            "service": engineService,
        ]),
    ])

    /// `engine.upstream.service:` — the engine's own Compose service (`engine_service.*`).
    static let engineService: KeyRule = .section([
        "image": .setting("engine_service.image"),
        "port": .setting("engine_service.port"),
        "command": .setting("engine_service.command"),
        "cpus_limit": .setting("engine_service.cpus_limit"),
        "cpus_reservation": .setting("engine_service.cpus_reservation"),
        "memory_limit": .setting("engine_service.memory_limit"),
        "memory_reservation": .setting("engine_service.memory_reservation"),
        "environment": .custom(ProfileSchema.engineEnvironment),
        "env_file": .setting("engine_service.env_file"),
        "volumes": .setting("engine_service.volumes"),
        "healthcheck": healthcheck("engine_service"),
    ])

    /// A Compose-style health check (`test`, `interval`, `timeout`, `retries`, `start_period`)
    /// onto the `<prefix>.healthcheck_*` settings of one container.
    static func healthcheck(_ prefix: String) -> KeyRule {
        .section(
            Dictionary(
                uniqueKeysWithValues: ["test", "interval", "timeout", "retries", "start_period"].map { ($0, .setting("\(prefix).healthcheck_\($0)")) }
            )
        )
    }

    /// The rule for a whole document: every top-level key any of our inputs may carry.
    static let document: KeyRule = .section([
        "engine": engineSection,
        "asr_memory_optimization": memoryProfile,
        "asr_docker_optimization": dockerProfile,
        "environment_variables": .environment,
        "environment": .environment,
        "settings": .custom(ProfileSchema.flatSettings),
        "preset": .metadata,
        "description": .metadata,
        "auto": .metadata,
        "docker_compose_template": .ignored("asrctl renders the Compose file itself from the settings; this template is not read"),
        "deployment_script": .ignored("asrctl deploy replaces this script"),
        // A Docker Compose file given as a profile or with --values.
        "version": .metadata,
        "services": .custom(ComposeImport.services),
        "networks": .custom(ComposeImport.networks),
    ])

    /// The engine's environment, as a mapping (`NAME: value`) or a Compose list (`- NAME=value`),
    /// kept as `NAME=value` pairs in `engine_service.environment`. Unlike the runtime's
    /// environment blocks, the names are the engine's own: they are passed through, not read.
    @Sendable static func engineEnvironment(_ walker: inout DocumentWalker, _ node: Node, _ path: [String]) {
        var pairs: [String] = []
        if let mapping = node.mapping {
            for (keyNode, value) in mapping {
                let name = keyNode.string ?? ""
                guard let raw = value.scalar?.string else {
                    walker.report(.error, value, path + [name], "expected a value, found \(DocumentWalker.describe(value))")
                    return
                }
                pairs.append("\(name)=\(raw)")
            }
        } else if let sequence = node.sequence {
            for item in sequence {
                guard let entry = item.scalar?.string else {
                    walker.report(.error, item, path, "expected NAME=value, found \(DocumentWalker.describe(item))")
                    return
                }
                pairs.append(entry)
            }
        } else {
            walker.report(
                .error,
                node,
                path,
                "expected the engine's environment as a mapping or a list of NAME=value, found \(DocumentWalker.describe(node))"
            )
            return
        }
        walker.assign("engine_service.environment", value: .list(pairs), node: node, path: path)
    }

    /// `settings: {container.cpus_limit: 2.5, ASR_QUEUE_SIZE: 80}`: settings by id.
    @Sendable static func flatSettings(_ walker: inout DocumentWalker, _ node: Node, _ path: [String]) {
        guard let mapping = node.mapping else {
            walker.report(.error, node, path, "expected a mapping of setting names to values, found \(DocumentWalker.describe(node))")
            return
        }
        for (keyNode, value) in mapping {
            let id = keyNode.string ?? ""
            if SettingsCatalog.setting(id) != nil {
                walker.assign(id, node: value, path: path + [id])
            } else {
                let close = SettingsCatalog.suggestions(for: id)
                let hint = close.isEmpty ? "" : "; did you mean \(close.joined(separator: " or "))?"
                walker.report(.warning, keyNode, path + [id], "unknown setting, ignored\(hint)")
            }
        }
    }
}
