/// How an upstream is spoken to (`ASR_UPSTREAM_PROTOCOL`): one attempt at one utterance, and a
/// look at whether it answers. Retries, the deadline's budget, the circuit breaker and the
/// in-flight limit are the engine's (`UpstreamEngine`), the same for every protocol.
protocol UpstreamTransport: Sendable {
    /// One attempt at `audio`, ending by `deadline`.
    /// - Throws: `UpstreamFailure` saying what went wrong and whether another attempt may
    ///   help; `CancellationError`.
    func transcribe(_ audio: PCMAudio, language: String, deadline: ContinuousClock.Instant) async throws -> String

    /// Whether the upstream answers now, and the models it lists where the protocol says.
    func probe(timeout: Duration) async -> UpstreamProbe

    /// Closes what the transport holds open.
    func shutdown() async
}
