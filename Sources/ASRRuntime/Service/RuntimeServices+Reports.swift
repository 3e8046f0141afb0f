import ASRContracts

extension RuntimeServices {
    /// `/health`: the report and whether the runtime takes work (200) or not (503).
    public func health() async -> (report: HealthResponse, ready: Bool) {
        let memoryLevel = recognition.memoryGuard.sample()
        let status: String
        switch state {
        case .loading: status = "loading"
        case .failed: status = "failed"
        case .draining: status = "shutting_down"
        case .ready: status = memoryLevel == .critical ? "overloaded" : "healthy"
        }
        let scheduler = scheduler.snapshot
        let memory = recognition.memoryGuard.snapshot
        let redisState = await recognition.secondLevel?.status().state ?? "disabled"
        let report = HealthResponse(
            status: status,
            service: "asr",
            optimization: profileName,
            currentConcurrent: scheduler.open,
            maxConcurrent: scheduler.maxConcurrent,
            workers: configuration.workerThreads,
            workersReady: engine.workers.loadedCount,
            memoryMB: Double(memory.residentBytes) / 1_048_576,
            memoryLevel: memory.level.rawValue,
            redis: redisState,
            engine: engine.id,
            uptimeSeconds: (ContinuousClock.now - startedAt).seconds
        )
        return (report, status == "healthy")
    }

    /// `/asr/stats`.
    public func stats() async -> StatsResponse {
        recognition.memoryGuard.sample()
        let requests = recognition.statistics.snapshot
        let scheduler = scheduler.snapshot
        let cache = recognition.cache.snapshot
        let memory = recognition.memoryGuard.snapshot
        let pool = recognition.pool.snapshot
        let redis = await recognition.secondLevel?.status() ?? .disabled
        let served = requests.succeeded + requests.failed
        return StatsResponse(
            processor: .init(
                totalRequests: requests.totalRequests,
                avgProcessingTime: requests.averageLatency,
                cacheHitRate: requests.cacheHitRate,
                batchSize: configuration.batchSize,
                chunkSize: configuration.chunkSize,
                cacheSize: cache.entries,
                decodes: requests.decodes,
                deduplicated: requests.deduplicated,
                audioSecondsDecoded: requests.audioSeconds,
                avgDecodeTime: requests.averageDecodeSeconds
            ),
            service: .init(
                totalRequests: requests.totalRequests,
                avgLatency: requests.averageLatency,
                concurrentRequests: scheduler.open,
                currentConcurrent: scheduler.open,
                maxConcurrent: scheduler.maxConcurrent,
                cacheHits: requests.cacheHitsL1 + requests.cacheHitsL2,
                memoryUsage: Double(memory.residentBytes) / 1_048_576,
                cpuUsage: cpu.sample(),
                succeeded: requests.succeeded,
                failed: requests.failed,
                errorRate: served == 0 ? 0 : Double(requests.failed) / Double(served)
            ),
            queues: .init(
                high: scheduler.waiting(.high),
                medium: scheduler.waiting(.medium),
                low: scheduler.waiting(.low),
                capacity: scheduler.queueSize
            ),
            latency: .init(p50: requests.latencyP50, p95: requests.latencyP95, p99: requests.latencyP99),
            rejections: Dictionary(uniqueKeysWithValues: RejectionReason.allCases.map { ($0.rawValue, requests.rejected[$0] ?? 0) }),
            memory: .init(
                rssMB: Double(memory.residentBytes) / 1_048_576,
                peakRssMB: Double(memory.peakResidentBytes) / 1_048_576,
                capMB: configuration.maxMemoryMB,
                warningMB: configuration.memoryWarningMB,
                criticalMB: configuration.memoryCriticalMB,
                level: memory.level.rawValue,
                trims: memory.trims
            ),
            cache: .init(
                l1Entries: cache.entries,
                l1Bytes: cache.bytes,
                l1BudgetBytes: cache.budgetBytes,
                l1Hits: requests.cacheHitsL1,
                l1Evictions: cache.evictions,
                l2Hits: requests.cacheHitsL2
            ),
            pool: .init(
                enabled: pool.enabled,
                pooled: pool.pooled,
                capacity: pool.capacity,
                reused: pool.reused,
                allocated: pool.allocated
            ),
            gc: maintenance,
            redis: redis,
            streams: .init(
                chunkSize: streams.chunkBytes,
                overlapSize: streams.overlapBytes,
                networkTimeout: configuration.networkTimeout,
                activity: streams.statistics.snapshot,
                decoders: streams.pool.snapshot
            )
        )
    }

    /// `/metrics`: refreshes the gauges, then the Prometheus text.
    public func prometheusText() async -> String {
        let memory = recognition.memoryGuard.snapshot
        let scheduler = scheduler.snapshot
        let cache = recognition.cache.snapshot
        metrics.set("asr_resident_memory_bytes", Double(ProcessMemory.residentBytes()))
        metrics.set("asr_memory_cap_bytes", Double(configuration.maxMemoryMB << 20))
        metrics.set("asr_memory_level", Double([MemoryLevel.normal, .warning, .critical].firstIndex(of: memory.level) ?? 0))
        metrics.set("asr_open_requests", Double(scheduler.open))
        metrics.set("asr_max_concurrent", Double(scheduler.maxConcurrent))
        for priority in RecognitionPriority.allCases {
            metrics.set("asr_waiting_utterances", Double(scheduler.waiting(priority)), labels: [("priority", priority.name)])
        }
        metrics.set("asr_decoders_busy", Double(engine.busyWorkers))
        metrics.set("asr_decoders", Double(configuration.workerThreads))
        metrics.set("asr_l1_cache_bytes", Double(cache.bytes))
        metrics.set("asr_l1_cache_entries", Double(cache.entries))
        let streamActivity = streams.statistics.snapshot
        let streamDecoders = streams.pool.snapshot
        metrics.set("asr_device_streams_open", Double(streamActivity.open))
        metrics.set("asr_device_stream_utterances", Double(streamActivity.utterances))
        metrics.set("asr_device_streams_refused", Double(streamActivity.refused))
        metrics.set("asr_stream_decoders", Double(streamDecoders.inUse), labels: [("state", "in_use")])
        metrics.set("asr_stream_decoders", Double(streamDecoders.idle), labels: [("state", "idle")])
        let redisUp = await recognition.secondLevel?.status().state == "connected"
        metrics.set("asr_redis_up", redisUp ? 1 : 0)
        metrics.set("asr_ready", state == .ready ? 1 : 0)
        return metrics.exposition()
    }
}
