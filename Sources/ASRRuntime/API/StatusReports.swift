import ASRContracts

/// The runtime's reports in the API's words: `/health`, `/asr/stats` and `/metrics`, read from
/// the services' snapshots.
struct StatusReports {
    let services: RuntimeServices

    /// `/health`: the report and whether the runtime takes work (200) or not (503).
    func health() async -> (report: HealthResponse, ready: Bool) {
        let memoryLevel = services.memoryGuard.sample()
        let engines = engineReports()
        let failing = engines.filter { $0.state == "degraded" }
        var reason: String?
        let status: String
        switch services.state {
        case .loading: status = "loading"
        case .failed: status = "failed"
        case .draining: status = "shutting_down"
        case .ready where memoryLevel == .critical: status = "overloaded"
        case .ready where !failing.isEmpty:
            // Still ready: the other engines and the caches serve; requests for the failing
            // engine get 503 engine_unavailable at once.
            status = "degraded"
            reason = failing.map { "\($0.id): \($0.reason ?? "failing")" }.joined(separator: "; ")
        case .ready: status = "healthy"
        }
        let scheduler = services.scheduler.snapshot
        let memory = services.memoryGuard.snapshot
        let redisState = await services.recognition.secondLevel?.status().state ?? "disabled"
        let report = HealthResponse(
            status: status,
            service: "asr",
            optimization: services.profileName,
            currentConcurrent: scheduler.open,
            maxConcurrent: scheduler.maxConcurrent,
            workers: services.configuration.usesPocketSphinx ? services.configuration.workerThreads : 0,
            workersReady: services.engine.workers.loadedCount,
            memoryMB: Double(memory.residentBytes) / 1_048_576,
            memoryLevel: memory.level.rawValue,
            redis: redisState,
            engine: services.recognition.router.defaultEngine.id,
            engines: engines,
            uptimeSeconds: (ContinuousClock.now - services.startedAt).seconds,
            reason: reason
        )
        return (report, status == "healthy" || status == "degraded")
    }

    /// Each engine, the languages routed to it and its state.
    func engineReports() -> [EngineStatusReport] {
        let router = services.recognition.router
        return router.engines.keys.sorted().compactMap { name -> EngineStatusReport? in
            guard let engine = router.engines[name] else { return nil }
            let languages = router.languages(of: name)
            if let upstream = engine as? UpstreamEngine {
                let report = upstream.report
                return EngineStatusReport(
                    id: upstream.id,
                    name: name,
                    languages: languages,
                    state: report.problem == nil ? "ready" : "degraded",
                    reason: report.problem,
                    upstream: report
                )
            }
            let state: String
            switch services.state {
            case .loading: state = "loading"
            case .failed: state = "failed"
            case .ready, .draining: state = "ready"
            }
            return EngineStatusReport(id: engine.id, name: name, languages: languages, state: state)
        }
    }

    /// `/asr/stats`.
    func stats() async -> StatsResponse {
        services.memoryGuard.sample()
        let requests = services.recognition.statistics.snapshot
        let scheduler = services.scheduler.snapshot
        let cache = services.recognition.cache.snapshot
        let memory = services.memoryGuard.snapshot
        let pool = services.recognition.pool.snapshot
        let redis = await services.recognition.secondLevel?.status() ?? .disabled
        let served = requests.succeeded + requests.failed
        return StatsResponse(
            processor: .init(
                totalRequests: requests.totalRequests,
                avgProcessingTime: requests.averageLatency,
                cacheHitRate: requests.cacheHitRate,
                batchSize: services.configuration.batchSize,
                chunkSize: services.configuration.chunkSize,
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
                cpuUsage: services.cpu.sample(),
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
                capMB: services.configuration.maxMemoryMB,
                warningMB: services.configuration.memoryWarningMB,
                criticalMB: services.configuration.memoryCriticalMB,
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
            gc: services.maintenance,
            redis: redis,
            streams: .init(
                chunkSize: services.streams.chunkBytes,
                overlapSize: services.streams.overlapBytes,
                networkTimeout: services.configuration.networkTimeout,
                activity: services.streams.statistics.snapshot,
                decoders: services.streams.pool.snapshot
            ),
            engines: engineReports()
        )
    }

    /// `/metrics`: refreshes the gauges, then the Prometheus text.
    func prometheusText() async -> String {
        let metrics = services.metrics
        let memory = services.memoryGuard.snapshot
        let scheduler = services.scheduler.snapshot
        let cache = services.recognition.cache.snapshot
        metrics.set("asr_resident_memory_bytes", Double(ProcessMemory.residentBytes()))
        metrics.set("asr_memory_cap_bytes", Double(services.configuration.maxMemoryMB << 20))
        metrics.set("asr_memory_level", Double([MemoryLevel.normal, .warning, .critical].firstIndex(of: memory.level) ?? 0))
        metrics.set("asr_open_requests", Double(scheduler.open))
        metrics.set("asr_max_concurrent", Double(scheduler.maxConcurrent))
        for priority in RecognitionPriority.allCases {
            metrics.set("asr_waiting_utterances", Double(scheduler.waiting(priority)), labels: [("priority", priority.name)])
        }
        metrics.set("asr_decoders_busy", Double(services.engine.busyWorkers))
        metrics.set("asr_decoders", Double(services.configuration.workerThreads))
        metrics.set("asr_l1_cache_bytes", Double(cache.bytes))
        metrics.set("asr_l1_cache_entries", Double(cache.entries))
        let streamActivity = services.streams.statistics.snapshot
        let streamDecoders = services.streams.pool.snapshot
        metrics.set("asr_device_streams_open", Double(streamActivity.open))
        metrics.set("asr_device_stream_utterances", Double(streamActivity.utterances))
        metrics.set("asr_device_streams_refused", Double(streamActivity.refused))
        metrics.set("asr_stream_decoders", Double(streamDecoders.inUse), labels: [("state", "in_use")])
        metrics.set("asr_stream_decoders", Double(streamDecoders.idle), labels: [("state", "idle")])
        let redisUp = await services.recognition.secondLevel?.status().state == "connected"
        metrics.set("asr_redis_up", redisUp ? 1 : 0)
        metrics.set("asr_ready", services.state == .ready ? 1 : 0)
        if let upstream = services.upstream?.report {
            metrics.set("asr_upstream_requests", Double(upstream.requests))
            metrics.set("asr_upstream_succeeded", Double(upstream.succeeded))
            metrics.set("asr_upstream_retries", Double(upstream.retries))
            for kind in UpstreamStatistics.FailureKind.allCases {
                metrics.set("asr_upstream_errors", Double(upstream.errors[kind.rawValue] ?? 0), labels: [("kind", kind.rawValue)])
            }
            metrics.set("asr_upstream_breaker_open", upstream.breaker == CircuitBreaker.Position.closed.rawValue ? 0 : 1)
            metrics.set("asr_upstream_in_flight", Double(upstream.inFlight))
            for (quantile, value) in [("0.5", upstream.latencyP50), ("0.95", upstream.latencyP95), ("0.99", upstream.latencyP99)] {
                metrics.set("asr_upstream_latency_seconds", value, labels: [("quantile", quantile)])
            }
        }
        return metrics.exposition()
    }
}
