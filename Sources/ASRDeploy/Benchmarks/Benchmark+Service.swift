import Foundation

extension Benchmark {
    /// §2: the runtime under closed-loop load at 1, W, 2W, 4W clients, distinct audio, cache
    /// off; then the engine ceiling at W re-measured at once, for the efficiency ratio.
    func serviceEfficiency(engineResult: EngineCeilingResult?) throws -> (ServiceEfficiencyResult, EngineCeilingPoint?) {
        let workers = options.workers
        let environment = ["ASR_WORKER_THREADS": String(workers), "ASR_CACHE_SIZE_MB": "0", "ASR_REDIS_URL": ""]
        let service = try startRuntime(environment)
        defer { service.stop() }
        _ = warmIdle(service, workers: workers)
        let bodies = distinctBodies()
        let results = levels.map { load(service, clients: $0, seconds: options.budget.loadSeconds, bodies: bodies) }
        service.stop()

        progress("  engine: \(workers) decoder(s) again, right after the service")
        let recheck = try? engine.measure(decoders: workers, seconds: options.budget.engineSeconds).point
        var combined = engineResult
        combined?.recheck = recheck
        let ceiling = combined?.ceiling(workers) ?? recheck?.audioSecondsPerSecond
        var result = ServiceEfficiencyResult(workers: workers, environment: environment, levels: results,
                                             ceilingAudioSecondsPerSecond: ceiling, efficiency: nil, cpuEfficiency: nil,
                                             startupSeconds: service.readySeconds)
        if let saturated = result.saturated, let ceiling, ceiling > 0 {
            result.efficiency = saturated.audioSecondsPerSecond / ceiling
        }
        let engineCPU = [combined?.point(workers), recheck].compactMap { $0?.audioSecondsPerCPUSecond }.filter { $0 > 0 }
        if let saturated = result.saturated, let cpuPerAudio = saturated.cpuSecondsPerAudioSecond, cpuPerAudio > 0, !engineCPU.isEmpty {
            result.cpuEfficiency = (1 / cpuPerAudio) / (engineCPU.reduce(0, +) / Double(engineCPU.count))
        }
        return (result, recheck)
    }
}
