import ServiceLifecycle

/// The first service to hear SIGTERM: from then on new work gets 503 (and /health says
/// `shutting_down`), device streams are closed, and this service returns only once every
/// admitted recognition has been answered. Only then does the HTTP server (shut down next)
/// close its listener.
///
/// Closing the listener while work is still in flight would leave a gap: a connection the
/// server accepts in the instant it quiesces is neither served nor closed by Hummingbird
/// until the process exits, so its client hangs for as long as the drain takes (23 s on a
/// loaded machine, reproduced in `RuntimeLifecycleTests`). Kept open, the listener answers
/// such a client 503 with Retry-After; the gap shrinks to the moment between the listener
/// closing and the process exiting, with nothing left to wait for.
struct DrainOnShutdownService: Service {
    let services: RuntimeServices

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group is stopping without a graceful shutdown
        }
        await services.drain()
    }
}
