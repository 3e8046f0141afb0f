import ASRContracts
import ASRDeploy
import Testing

/// The typed view against the catalog: every setting of `SettingsCatalog` is reachable from a
/// property of `DeploymentConfiguration` (or listed below as having none, with why), and each
/// property reads the setting it claims. Adding a setting without a property, or wiring a
/// property to another setting's id, fails here.
@Suite struct DeploymentConfigurationTests {
    /// A setting, a valid value other than its default, and the property that must read it.
    struct Claim: Sendable, CustomTestStringConvertible {
        let id: String
        let value: String
        let read: @Sendable (DeploymentConfiguration) -> SettingValue?
        /// Other settings (`ID=value`) the value needs to load, e.g. an upstream address for
        /// `ASR_ENGINE=upstream`.
        let companions: [String]

        init(
            _ id: String,
            _ value: String,
            with companions: [String] = [],
            _ read: @escaping @Sendable (DeploymentConfiguration) -> SettingValue?
        ) {
            self.id = id
            self.value = value
            self.companions = companions
            self.read = read
        }

        var testDescription: String { "\(id)=\(value)" }
    }

    /// Settings the view deliberately has no property for, with the reason. None today.
    static let withoutView: [String: String] = [:]

    /// What an engine setting that uses the upstream needs beside it.
    static let upstream = ["ASR_UPSTREAM_URL=http://funasr:8000", "ASR_UPSTREAM_MODEL=paraformer-zh"]

    /// What naming an engine image needs beside it: the upstream it becomes, and its model. An
    /// unset URL and in-flight limit would be derived from the service, and they are
    /// `ASR_UPSTREAM_URL`'s and `ASR_UPSTREAM_MAX_IN_FLIGHT`'s properties.
    static let engineService = [
        "ASR_UPSTREAM_URL=http://asr-engine:8000", "ASR_UPSTREAM_MODEL=paraformer-zh", "ASR_UPSTREAM_MAX_IN_FLIGHT=0",
    ]

    static let claims: [Claim] = [
        Claim("ASR_MAX_CONCURRENT", "21") { .integer($0.runtime.maxConcurrent) },
        Claim("ASR_QUEUE_SIZE", "51") { .integer($0.runtime.queueSize) },
        Claim("ASR_WORKER_THREADS", "3") { .integer($0.runtime.workerThreads) },
        Claim("ASR_BATCH_SIZE", "9") { .integer($0.runtime.batchSize) },
        Claim("ASR_MAX_MEMORY_MB", "1600") { .integer($0.runtime.maxMemoryMB) },
        Claim("ASR_MEMORY_WARNING_MB", "1100") { .integer($0.runtime.memoryWarningMB) },
        Claim("ASR_MEMORY_CRITICAL_MB", "1300") { .integer($0.runtime.memoryCriticalMB) },
        Claim("ASR_ENABLE_MEMORY_POOL", "false") { .boolean($0.runtime.enableMemoryPool) },
        Claim("ASR_MEMORY_POOL_SIZE", "33") { .integer($0.runtime.memoryPoolSize) },
        Claim("ASR_MEMORY_POOL_BUFFER_KB", "65") { .integer($0.runtime.memoryPoolBufferKB) },
        Claim("ASR_MEMORY_POOL_PREALLOC", "false") { .boolean($0.runtime.memoryPoolPrealloc) },
        Claim("ASR_CACHE_SIZE_MB", "511") { .integer($0.runtime.cacheSizeMB) },
        Claim("ASR_CACHE_TTL", "901") { .integer($0.runtime.cacheTTL) },
        Claim("ASR_REDIS_URL", "redis://10.0.0.1:6379") { .text($0.runtime.redisURL) },
        Claim("ASR_REDIS_KEY_PREFIX", "asr_test") { .text($0.runtime.redisKeyPrefix) },
        Claim("ASR_CHUNK_SIZE", "320") { .integer($0.runtime.chunkSize) },
        Claim("ASR_OVERLAP_SIZE", "32") { .integer($0.runtime.overlapSize) },
        Claim("ASR_ENABLE_AGGRESSIVE_GC", "true") { .boolean($0.runtime.enableAggressiveGC) },
        Claim("ASR_GC_INTERVAL", "31") { .integer($0.runtime.gcInterval) },
        Claim("ASR_NETWORK_TIMEOUT", "29") { .integer($0.runtime.networkTimeout) },
        Claim("ASR_HOST", "127.0.0.1") { .text($0.runtime.host) },
        Claim("ASR_PORT", "8002") { .integer($0.runtime.port) },
        Claim("ASR_FUNASR_PORT", "10096") { .integer($0.runtime.funASRPort) },
        Claim("ASR_LANGUAGE", "zh-CN") { .text($0.runtime.language) },
        Claim("ASR_MODEL_DIR", "/srv/model") { .text($0.runtime.modelDirectory) },
        Claim("ASR_SEARCH_LEVEL", "fast") { .text($0.runtime.searchLevel.rawValue) },
        Claim("ASR_AUTH_TOKENS", "alpha,beta") { .text($0.runtime.authTokens.joined(separator: ",")) },
        Claim("ASR_ALLOWED_DEVICES", "aa:bb,cc:dd") { .text($0.runtime.allowedDevices.joined(separator: ",")) },
        Claim("ASR_ENGINE", "upstream", with: upstream) { .text($0.runtime.engine) },
        Claim("ASR_ENGINE_ROUTES", "zh=upstream,*=pocketsphinx", with: upstream) { .text($0.runtime.engineRoutes) },
        Claim("ASR_UPSTREAM_URL", "http://funasr:8000", with: ["ASR_UPSTREAM_MODEL=paraformer-zh"]) { .text($0.runtime.upstreamURL) },
        Claim("ASR_UPSTREAM_PROTOCOL", "funasr-ws", with: ["ASR_UPSTREAM_URL=ws://funasr:10095"]) {
            .text($0.runtime.upstreamProtocol.rawValue)
        },
        Claim("ASR_UPSTREAM_MODEL", "paraformer-zh") { .text($0.runtime.upstreamModel) },
        Claim("ASR_UPSTREAM_API_KEY_FILE", "/run/secrets/upstream_key") { .text($0.runtime.upstreamAPIKeyFile) },
        Claim("ASR_UPSTREAM_TIMEOUT", "12") { .integer($0.runtime.upstreamTimeout) },
        Claim("ASR_UPSTREAM_MAX_IN_FLIGHT", "7") { .integer($0.runtime.upstreamMaxInFlight) },

        Claim("container.image", "asr:test") { .text($0.container.image) },
        Claim("container.cpus_limit", "2") { .decimal($0.container.resources.cpusLimit) },
        Claim("container.cpus_reservation", "1") { .decimal($0.container.resources.cpusReservation) },
        Claim("container.cpuset", "0-3") { .cpuset($0.container.cpuset) },
        Claim("container.cpu_shares", "512") { .integer($0.container.cpuShares) },
        Claim("container.memory_limit", "3G") { .size($0.container.resources.memoryLimit) },
        Claim("container.memory_reservation", "1G") { .size($0.container.resources.memoryReservation) },
        Claim("container.mem_swappiness", "20") { .integer($0.container.memSwappiness) },
        Claim("container.shm_size", "1g") { .size($0.container.shmSize) },
        Claim("container.tmpfs_mount", "/scratch") { .text($0.container.tmpfsMount) },
        Claim("container.tmpfs_size", "512M") { .size($0.container.tmpfsSize) },
        Claim("container.seccomp", "/etc/seccomp.json") { $0.container.seccomp.map(SettingValue.text) },
        Claim("container.ulimit_nofile_soft", "1024") { .integer($0.container.ulimitNofileSoft) },
        Claim("container.ulimit_nofile_hard", "2048") { .integer($0.container.ulimitNofileHard) },
        Claim("container.ulimit_memlock_soft", "4096") { .integer($0.container.ulimitMemlockSoft) },
        Claim("container.ulimit_memlock_hard", "8192") { .integer($0.container.ulimitMemlockHard) },
        Claim("container.ulimit_nproc_soft", "100") { .integer($0.container.ulimitNprocSoft) },
        Claim("container.ulimit_nproc_hard", "200") { .integer($0.container.ulimitNprocHard) },
        Claim("container.restart", "unless-stopped") { .text($0.container.restart) },
        Claim("container.healthcheck_test", "CMD-SHELL true") { .list($0.container.healthcheckTest) },
        Claim("container.healthcheck_interval", "15s") { .text($0.container.healthcheckInterval) },
        Claim("container.healthcheck_timeout", "5s") { .text($0.container.healthcheckTimeout) },
        Claim("container.healthcheck_retries", "4") { .integer($0.container.healthcheckRetries) },
        Claim("container.healthcheck_start_period", "90s") { .text($0.container.healthcheckStartPeriod) },
        Claim("container.log_driver", "local") { .text($0.container.logDriver) },
        Claim("container.log_max_size", "50m") { .text($0.container.logMaxSize) },
        Claim("container.log_max_file", "5") { .integer($0.container.logMaxFile) },

        Claim("engine_service.image", "ghcr.io/speaches-ai/speaches:latest-cpu", with: engineService) {
            $0.engineService.image.map(SettingValue.text)
        },
        Claim("engine_service.port", "9000") { .integer($0.engineService.port) },
        Claim("engine_service.command", "python -m server") { $0.engineService.command.map(SettingValue.list) },
        Claim("engine_service.cpus_limit", "1.5") { .decimal($0.engineService.resources.cpusLimit) },
        Claim("engine_service.cpus_reservation", "0.5") { .decimal($0.engineService.resources.cpusReservation) },
        Claim("engine_service.memory_limit", "4g") { .size($0.engineService.resources.memoryLimit) },
        Claim("engine_service.memory_reservation", "1g") { .size($0.engineService.resources.memoryReservation) },
        Claim("engine_service.environment", "WHISPER__MODEL=small") { .list($0.engineService.environment) },
        Claim("engine_service.env_file", "/etc/asrctl/engine.env") { $0.engineService.envFile.map(SettingValue.text) },
        Claim("engine_service.volumes", "engine-models:/root/.cache") { .list($0.engineService.volumes) },
        Claim("engine_service.healthcheck_test", "CMD true") { $0.engineService.healthcheckTest.map(SettingValue.list) },
        Claim("engine_service.healthcheck_interval", "20s") { .text($0.engineService.healthcheckInterval) },
        Claim("engine_service.healthcheck_timeout", "3s") { .text($0.engineService.healthcheckTimeout) },
        Claim("engine_service.healthcheck_retries", "2") { .integer($0.engineService.healthcheckRetries) },
        Claim("engine_service.healthcheck_start_period", "300s") { .text($0.engineService.healthcheckStartPeriod) },

        Claim("env.MALLOC_ARENA_MAX", "4") { .integer($0.malloc.arenaMax) },
        Claim("env.MALLOC_MMAP_THRESHOLD_", "65536") { .integer($0.malloc.mmapThreshold) },

        Claim("network.driver", "overlay") { .text($0.network.driver) },
        Claim("network.mtu", "1400") { .integer($0.network.mtu) },

        Claim("redis.enabled", "false") { .boolean($0.redis.enabled) },
        Claim("redis.image", "redis:7.2") { .text($0.redis.image) },
        Claim("redis.maxmemory", "256mb") { .size($0.redis.maxmemory) },
        Claim("redis.maxmemory_policy", "volatile-lru") { .text($0.redis.maxmemoryPolicy) },
        Claim("redis.hash_max_ziplist_entries", "256") { .integer($0.redis.hashMaxZiplistEntries) },
        Claim("redis.hash_max_ziplist_value", "32") { .integer($0.redis.hashMaxZiplistValue) },
        Claim("redis.list_max_ziplist_size", "-3") { .integer($0.redis.listMaxZiplistSize) },
        Claim("redis.set_max_intset_entries", "1024") { .integer($0.redis.setMaxIntsetEntries) },
        Claim("redis.cpus_limit", "0.8") { .decimal($0.redis.resources.cpusLimit) },
        Claim("redis.cpus_reservation", "0.3") { .decimal($0.redis.resources.cpusReservation) },
        Claim("redis.memory_limit", "1G") { .size($0.redis.resources.memoryLimit) },
        Claim("redis.memory_reservation", "256M") { .size($0.redis.resources.memoryReservation) },
        Claim("redis.cpuset", "3") { $0.redis.cpuset.map(SettingValue.cpuset) },

        Claim("monitor.interval", "60") { .integer($0.monitor.interval) },
        Claim("monitor.alert_response_time", "2.5") { .decimal($0.monitor.alerts.responseTime) },
        Claim("monitor.alert_cache_hit_rate", "0.2") { .decimal($0.monitor.alerts.cacheHitRate) },
        Claim("monitor.alert_memory_mb", "1300") { .integer(Int($0.monitor.alerts.serviceMemoryMB)) },
        Claim("monitor.alert_cpu_percent", "80") { .decimal($0.monitor.alerts.cpuPercent) },
        Claim("monitor.alert_error_rate", "0.1") { .decimal($0.monitor.alerts.errorRate) },
    ]

    @Test func everySettingIsReachableFromTheView() {
        let claimed = Self.claims.map(\.id)
        #expect(Set(claimed).count == claimed.count, "a setting is claimed twice")
        #expect(Set(claimed).isDisjoint(with: Self.withoutView.keys))
        let catalog = Set(SettingsCatalog.all.map(\.id))
        #expect(catalog.subtracting(claimed).subtracting(Self.withoutView.keys).sorted() == [], "settings without a property in the view")
        #expect(Set(claimed).subtracting(catalog).sorted() == [], "claims of settings the catalog does not have")
    }

    @Test func theDefaultViewHoldsTheCatalogDefaults() throws {
        let loaded = try ConfigurationLoader.load(ConfigurationRequest(profileFiles: [])).typed
        #expect(loaded == DeploymentConfiguration.defaults)
        for claim in Self.claims {
            #expect(claim.read(loaded) == SettingsCatalog.setting(claim.id)?.defaultValue, "\(claim.id)")
        }
    }

    /// Each setting set alone, through the loader, to a value other than its default: the property
    /// that claims it reads that value, and every other property still reads its default.
    @Test(arguments: claims)
    func eachPropertyReadsTheSettingItClaims(_ claim: Claim) throws {
        let setting = try #require(SettingsCatalog.setting(claim.id))
        let value = try setting.parse(claim.value)
        #expect(value != setting.defaultValue, "pick a value other than the default")

        let overrides = ["\(claim.id)=\(claim.value)"] + claim.companions
        let view = try ConfigurationLoader.load(ConfigurationRequest(profileFiles: [], overrides: overrides)).typed
        #expect(claim.read(view) == value)
        let defaults = DeploymentConfiguration.defaults
        let companions = Set(claim.companions.map { String($0.prefix { $0 != "=" }) })
        for other in Self.claims where other.id != claim.id && !companions.contains(other.id) {
            #expect(other.read(view) == other.read(defaults), "setting \(claim.id) changed the property claimed by \(other.id)")
        }
    }
}
