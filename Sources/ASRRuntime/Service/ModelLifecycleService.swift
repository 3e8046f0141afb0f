import ServiceLifecycle

/// Loads the decoders (the HTTP server already answers 503 meanwhile), runs the memory
/// maintenance, and — once the HTTP server has answered every request in flight — stops the
/// decoders and Redis.
struct ModelLifecycleService: Service {
    let services: RuntimeServices

    func run() async throws {
        try await services.loadModels()
        await cancelWhenGracefulShutdown {
            await services.runMaintenance()
        }
        await services.shutdown()
    }
}
