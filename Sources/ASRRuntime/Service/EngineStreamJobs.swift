/// Device streams' jobs on the PocketSphinx engine's decoder threads, scheduled with HTTP
/// requests by the runtime's scheduler.
struct EngineStreamJobs: StreamJobRunner {
    let engine: PocketSphinxEngine
    let scheduler: RecognitionScheduler

    var streamLagSeconds: Double { scheduler.streamLagSeconds }

    func perform<Value: Sendable>(
        priority: RecognitionPriority,
        order: StreamJobOrder,
        audioSeconds: Double,
        _ work: @escaping @Sendable (PocketSphinxDecoder) throws -> Value
    ) async throws -> Value {
        try await engine.perform(priority: priority, audioSeconds: audioSeconds, stream: order, work)
    }
}
