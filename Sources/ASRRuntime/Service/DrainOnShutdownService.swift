import ServiceLifecycle

/// The first service to hear SIGTERM: from then on new work gets 503, while the HTTP server
/// (shut down next) finishes every request already admitted.
struct DrainOnShutdownService: Service {
    let services: RuntimeServices

    func run() async throws {
        try? await gracefulShutdown()
        services.beginDraining()
    }
}
