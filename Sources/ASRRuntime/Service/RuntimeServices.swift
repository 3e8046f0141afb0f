import ASRContracts
import Foundation
import Logging
import Synchronization

/// Everything the ASR runtime runs, built from one `RuntimeConfiguration` — the composition
/// root: the scheduler (also the engine's job queue), the PocketSphinx engine, the upstream
/// engine when one is configured and the router between them, the admission
/// gate, the memory guard, the optional Redis L2 cache, the recognition service, device
/// streams, metrics, and the maintenance that enforces the memory settings.
package final class RuntimeServices: Sendable {
    package let configuration: RuntimeConfiguration
    package let scheduler: RecognitionScheduler
    package let engine: PocketSphinxEngine
    /// The OpenAI-compatible upstream, when `ASR_UPSTREAM_URL` is set.
    package let upstream: UpstreamEngine?
    package let redis: RedisCache?
    /// Admits HTTP requests and device streams; holds the runtime's state.
    package let gate: AdmissionGate
    /// Enforces `ASR_MAX_MEMORY_MB` and its thresholds.
    package let memoryGuard: MemoryGuard
    package let recognition: RecognitionService
    /// Device streams on /xiaozhi/v1/: their decoders, statistics and settings.
    package let streams: DeviceStreams
    package let metrics: RuntimeMetrics
    package let cpu = ProcessCPUSampler()
    package let startedAt = ContinuousClock.now
    /// The deployment's name in /health (`optimization`).
    package let profileName: String
    private let maintenanceStatistics = Mutex(MaintenanceStatistics())
    private let logger: Logger

    /// The most a cache call may hold up a request: Redis calls are bounded by
    /// `ASR_NETWORK_TIMEOUT`, and on the request path by this too, since a cache that is slower
    /// than the decoder helps nobody.
    package static let cacheCallLimit: Duration = .seconds(1)

    /// How often an idle upstream is looked at (`GET /v1/models`) for /health.
    package static let upstreamProbeInterval: Duration = .seconds(5)

    /// - Throws: `RedisURLError` when `ASR_REDIS_URL` is malformed; `RuntimeConfigurationError`
    ///   or `EngineRoutesError` when the engine settings do not work together.
    package init(
        configuration: RuntimeConfiguration,
        profileName: String = "4core_8gb",
        logger: Logger = Logger(label: "asr.runtime")
    ) throws {
        self.configuration = configuration
        self.profileName = profileName
        self.logger = logger
        let scheduler = RecognitionScheduler(configuration: configuration)
        self.scheduler = scheduler
        let engineConfiguration = PocketSphinxConfiguration(runtime: configuration)
        // One n-gram model instance per decoder thread, shared by every decoder (worker and
        // stream) instead of one per decoder, and the dictionary cut to its words: ~47 MB per
        // decoder instead of ~90 MB with en-us, same results.
        let languageModel = PocketSphinxDecoder.SharedLanguageModel(
            configuration: engineConfiguration,
            slots: configuration.workerThreads
        )
        let engine = PocketSphinxEngine(
            configuration: engineConfiguration,
            workerCount: configuration.workerThreads,
            batchSize: configuration.batchSize,
            queue: scheduler,
            languageModel: languageModel
        )
        self.engine = engine
        let upstream = try UpstreamConfiguration(runtime: configuration).map { UpstreamEngine(configuration: $0) }
        self.upstream = upstream
        // PocketSphinx loads its decoders only when some request can reach it.
        var engines: [String: any SpeechEngine] = [:]
        if configuration.usesPocketSphinx { engines["pocketsphinx"] = engine }
        engines["upstream"] = upstream
        let router = try EngineRouter(
            engines: engines,
            defaultName: configuration.engine,
            routes: try EngineRoutes(parsing: configuration.engineRoutes)
        )
        if var cacheConfiguration = try RedisCacheConfiguration(runtime: configuration) {
            cacheConfiguration.timeout = min(cacheConfiguration.timeout, Self.cacheCallLimit)
            redis = RedisCache(configuration: cacheConfiguration)
        } else {
            redis = nil
        }
        metrics = RuntimeMetrics()
        let cache = ResultCache(budgetBytes: configuration.cacheSizeMB << 20)
        let pool = AudioBufferPool(configuration: configuration)
        let memoryGuard = MemoryGuard(configuration: configuration) { level in
            // Warning: halve L1 and drop half the spare pooled buffers. Critical: empty both
            // and give the freed pages back to the kernel.
            cache.trim(toFraction: level == .critical ? 0 : 0.5)
            pool.shrink(keep: level == .critical ? 0 : pool.capacity / 2)
            if level == .critical { ProcessMemory.releaseFreedMemory() }
        }
        self.memoryGuard = memoryGuard
        let statistics = RequestStatistics(metrics: metrics)
        let gate = AdmissionGate(
            configuration: configuration,
            scheduler: scheduler,
            memoryGuard: memoryGuard,
            statistics: statistics
        )
        self.gate = gate
        let recognition = RecognitionService(
            router: router,
            gate: gate,
            scheduler: scheduler,
            cache: cache,
            pool: pool,
            secondLevel: redis.map(RedisResultStore.init),
            statistics: statistics,
            logger: logger
        )
        self.recognition = recognition
        // A new stream decoder (~47 MB) is loaded only if it, and any others loading, keep RSS
        // below ASR_MEMORY_CRITICAL_MB.
        streams = DeviceStreams(
            configuration: configuration,
            engine: engineConfiguration,
            jobs: EngineStreamJobs(engine: engine, scheduler: scheduler),
            utterances: recognition,
            languageModel: languageModel,
            admitNewDecoder: { bytes in memoryGuard.admitsNewWork(adding: bytes) }
        )
    }

    package var state: RuntimeState { gate.state }

    /// Loads every decoder; the runtime is ready (200 on /health) when this returns.
    package func loadModels() async throws {
        let started = ContinuousClock.now
        do {
            if configuration.usesPocketSphinx {
                try await engine.start()
                // The first device to listen finds its decoder loaded (see `StreamDecoderPool`).
                await streams.pool.prepare()
            }
        } catch {
            gate.fail()
            logger.critical("could not load the speech models: \(error)")
            throw error
        }
        // What /health says about the upstream from the start, before any request.
        await upstream?.probe()
        gate.open()
        if configuration.usesPocketSphinx {
            logger.info("\(configuration.workerThreads) decoder(s) ready in \((ContinuousClock.now - started).seconds) s")
        } else {
            logger.info("ready: every request goes to the upstream engine, no decoder is loaded")
        }
    }

    /// SIGTERM: refuses new work with 503 from now on, then waits until no recognition holds an
    /// `ASR_MAX_CONCURRENT` slot — every admitted request answered, every device stream closed
    /// (each closes itself within 0.1 s of being told). Returns early only when cancelled.
    package func drain() async {
        gate.beginDraining()
        streams.beginClosing()
        let started = ContinuousClock.now
        let open = scheduler.snapshot.open
        logger.info("shutting down: \(open) admitted recognition(s) to finish; new work gets 503")
        while scheduler.snapshot.open > 0 {
            do { try await Task.sleep(for: .milliseconds(20)) } catch { return }
        }
        logger.info("drained in \((ContinuousClock.now - started).seconds) s; closing the listener")
    }

    /// After the HTTP server has answered every request: stop the decoders and Redis.
    package func shutdown() async {
        gate.beginDraining()
        streams.beginClosing()
        await engine.shutdown()
        await upstream?.shutdown()
        await streams.pool.shutdown()
        redis?.shutdown()
    }

    /// One maintenance tick: sample memory (trimming at warning, shedding at critical) and,
    /// with `ASR_ENABLE_AGGRESSIVE_GC`, shrink the pool and L1 and return freed memory.
    package func aggressiveGCPass() {
        let before = ProcessMemory.residentBytes()
        recognition.pool.shrink(keep: recognition.pool.capacity / 2)
        recognition.cache.trim(toFraction: 0.75)
        streams.pool.trim(keep: 0)
        ProcessMemory.releaseFreedMemory()
        let released = max(0, before - ProcessMemory.residentBytes())
        maintenanceStatistics.withLock {
            $0.gcPasses += 1
            $0.lastReleasedBytes = released
            $0.totalReleasedBytes += released
        }
    }

    package var maintenance: MaintenanceStatistics { maintenanceStatistics.withLock { $0 } }

    /// Runs until cancelled: memory sampled every 250 ms, aggressive GC every `ASR_GC_INTERVAL`,
    /// and, on a task of its own (a probe may wait seconds for an unreachable host), the
    /// upstream's reachability every `upstreamProbeInterval` while no request shows it.
    package func runMaintenance() async {
        await withTaskGroup(of: Void.self) { group in
            if let upstream {
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: Self.upstreamProbeInterval)
                        if Task.isCancelled { return }
                        await upstream.probe(unlessAnsweredWithin: Self.upstreamProbeInterval.seconds)
                    }
                }
            }
            await sampleMemory()
            group.cancelAll()
        }
    }

    /// Memory every 250 ms (trimming at warning, shedding at critical) and aggressive GC.
    private func sampleMemory() async {
        var lastGC = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            switch memoryGuard.sample() {
            case .critical:
                // Kept stream decoders are ~47 MB each: the first thing to give back.
                streams.pool.trim(keep: 0)
            case .warning:
                // Kept ones are what the next leases reuse instead of loading more: keep
                // ASR_WORKER_THREADS of them, free the surplus now.
                streams.pool.trim(keep: streams.pool.idleLimit)
            case .normal:
                break
            }
            // Decoders kept beyond ASR_WORKER_THREADS after a busy period go after 10 minutes unused.
            streams.pool.expireSurplus()
            if configuration.enableAggressiveGC, ContinuousClock.now - lastGC >= .seconds(configuration.gcInterval) {
                lastGC = .now
                aggressiveGCPass()
            }
        }
    }
}
