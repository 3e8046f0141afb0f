/// Device streams' jobs on the PocketSphinx engine's decoder threads, scheduled with HTTP
/// requests by the runtime's scheduler.
struct EngineStreamJobs: StreamJobRunner {
    let engine: PocketSphinxEngine
    let scheduler: RecognitionScheduler

    var hasIdleDecoder: Bool { scheduler.hasIdleDecoder }

    func perform<Value: Sendable>(
        priority: RecognitionPriority,
        _ work: @escaping @Sendable (PocketSphinxDecoder) throws -> Value
    ) async throws -> Value {
        try await engine.perform(priority: priority, work)
    }
}
