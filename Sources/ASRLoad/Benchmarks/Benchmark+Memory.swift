import Foundation

extension Benchmark {
    /// Settings of the runtime measured under overload (and of the peer's overload run): W
    /// decoders, W recognitions open, W waiting — so 2W clients saturate it exactly.
    var admissionEnvironment: [String: String] {
        let w = String(options.workers)
        return [
            "ASR_WORKER_THREADS": w, "ASR_MAX_CONCURRENT": w, "ASR_QUEUE_SIZE": w, "ASR_CACHE_SIZE_MB": "0",
            "ASR_MAX_MEMORY_MB": "1500", "ASR_REDIS_URL": "",
        ]
    }

    /// §5: RSS idle, at saturation (clients = admitted) and at 2× and 4× that, with the 503s timed.
    func memory() throws -> MemoryResult {
        let environment = admissionEnvironment
        let admitted = 2 * options.workers
        let service = try startRuntime(environment)
        defer { service.stop() }
        let idle = warmIdle(service, workers: options.workers)
        let bodies = distinctBodies()
        let seconds = options.budget.overloadSeconds
        let saturation = load(service, clients: admitted, seconds: seconds, bodies: bodies)
        let overload2x = load(service, clients: 2 * admitted, seconds: seconds, bodies: bodies)
        let overload4x = load(service, clients: 4 * admitted, seconds: seconds, bodies: bodies)
        return MemoryResult(
            capMB: Int(environment["ASR_MAX_MEMORY_MB"] ?? "1500") ?? 1500,
            admitted: admitted,
            environment: environment,
            idleMB: idle,
            saturation: saturation,
            overload2x: overload2x,
            overload4x: overload4x
        )
    }
}
