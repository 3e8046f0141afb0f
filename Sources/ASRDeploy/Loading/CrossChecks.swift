import ASRContracts

/// Checks between settings (DESIGN.md "Cross-checks worth making") that need no host facts.
/// Host-dependent checks (cores, memory, disk) live in `asrctl check-host`.
enum CrossChecks {
    static func evaluate(_ config: EffectiveConfiguration) -> [Diagnostic] {
        var found: [Diagnostic] = []
        /// Reports at the location of `id`, or of the first related setting that came from a file.
        func add(_ severity: Diagnostic.Severity, _ id: String, related: [String] = [], _ message: String) {
            let location = ([id] + related).lazy.compactMap { config.entry($0)?.source.location }.first
            found.append(Diagnostic(severity, at: location, key: id, message))
        }

        let settings = config.typed
        let runtime = settings.runtime
        let maxMB = runtime.maxMemoryMB
        let warningMB = runtime.memoryWarningMB
        let criticalMB = runtime.memoryCriticalMB
        if !(warningMB < criticalMB && criticalMB < maxMB) {
            add(
                .error,
                "ASR_MEMORY_CRITICAL_MB",
                "memory thresholds must rise: warning \(warningMB) < critical \(criticalMB) < cap \(maxMB) MB (ASR_MEMORY_WARNING_MB < ASR_MEMORY_CRITICAL_MB < ASR_MAX_MEMORY_MB)"
            )
        }

        let budget = MemoryBudget(runtime: runtime)
        if budget.totalMB >= maxMB {
            add(
                .error,
                "ASR_CACHE_SIZE_MB",
                "the runtime's steady-state memory (\(budget.breakdown)) reaches the cap ASR_MAX_MEMORY_MB=\(maxMB); lower ASR_CACHE_SIZE_MB or ASR_WORKER_THREADS"
            )
        } else if budget.totalMB >= warningMB {
            add(
                .warning,
                "ASR_CACHE_SIZE_MB",
                "the runtime's steady-state memory (\(budget.breakdown)) passes the warning threshold \(warningMB) MB, so caches will be trimmed continually"
            )
        }

        let containerLimit = settings.container.resources.memoryLimit
        if UInt64(maxMB) << 20 >= containerLimit.bytes {
            add(
                .error,
                "ASR_MAX_MEMORY_MB",
                "ASR_MAX_MEMORY_MB=\(maxMB) MB is not below the container memory limit \(containerLimit) (\(containerLimit.humanReadable)); the kernel would kill the container before the runtime sheds load"
            )
        }
        checkReservations(settings.container.resources, prefix: "container") { add($0, $1, $2) }
        checkReservations(settings.redis.resources, prefix: "redis") { add($0, $1, $2) }

        let workers = runtime.workerThreads
        let cpuset = settings.container.cpuset
        let cpus = cpuset.count
        let limit = settings.container.resources.cpusLimit
        if limit > Double(cpus) {
            add(
                .warning,
                "container.cpus_limit",
                "cpus limit \(SettingKind.format(limit)) exceeds the \(cpus) CPU(s) of cpuset \(cpuset); the container can never use more than \(cpus)"
            )
        }
        if workers > cpus {
            add(
                .warning,
                "ASR_WORKER_THREADS",
                related: ["container.cpuset"],
                "\(workers) decoder threads on \(cpus) pinned CPU(s) (cpuset \(cpuset)): decoding is CPU-bound, so threads beyond \(cpus) add memory (\(MemoryBudget.perDecoderMB) MB each) and latency, not throughput"
            )
        }
        let maxConcurrent = runtime.maxConcurrent
        if workers > maxConcurrent {
            add(
                .warning,
                "ASR_WORKER_THREADS",
                "\(workers) decoder threads but only \(maxConcurrent) requests may be open at once (ASR_MAX_CONCURRENT); \(workers - maxConcurrent) decoder(s) can never work"
            )
        }

        if settings.redis.enabled {
            let maxmemory = settings.redis.maxmemory
            let limit = settings.redis.resources.memoryLimit
            let headroom = HostChecker.redisForkHeadroom(maxMemoryBytes: maxmemory.bytes)
            if maxmemory.bytes >= limit.bytes {
                add(
                    .warning,
                    "redis.maxmemory",
                    "Redis maxmemory \(maxmemory) (\(maxmemory.humanReadable)) is not below the Redis container limit \(limit) (\(limit.humanReadable)); Redis would be OOM-killed before it evicts"
                )
            } else if maxmemory.bytes + headroom > limit.bytes {
                add(
                    .warning,
                    "redis.maxmemory",
                    "Redis maxmemory \(maxmemory.humanReadable) leaves less than \(ByteSize(bytes: headroom, text: "").humanReadable) of the \(limit.humanReadable) container limit for fragmentation and fork copy-on-write"
                )
            }
        }
        return found
    }

    private static func checkReservations(
        _ resources: ResourceConfiguration,
        prefix: String,
        add: (Diagnostic.Severity, String, String) -> Void
    ) {
        let cpusLimit = resources.cpusLimit
        let cpusReserved = resources.cpusReservation
        if cpusReserved > cpusLimit {
            add(
                .error,
                "\(prefix).cpus_reservation",
                "reserves \(SettingKind.format(cpusReserved)) CPUs, more than its limit \(SettingKind.format(cpusLimit))"
            )
        }
        let memoryLimit = resources.memoryLimit
        let memoryReserved = resources.memoryReservation
        if memoryReserved > memoryLimit {
            add(
                .error,
                "\(prefix).memory_reservation",
                "reserves \(memoryReserved.humanReadable), more than its limit \(memoryLimit.humanReadable)"
            )
        }
    }
}
