/// The decoder threads a device stream's jobs run on — the engine's workers, shared with HTTP
/// requests through one scheduler. All a stream session needs of the rest of the runtime.
package protocol StreamJobRunner: Sendable {
    /// Whether a job submitted now would start at once.
    var hasIdleDecoder: Bool { get }

    /// Runs `work` on a decoder thread, queued by `priority` like a recognition; `work` gets
    /// that thread's decoder (whose language-model slot the stream's own decoder scores with).
    /// - Throws: what `work` throws; `SpeechEngineError.queueFull` when `ASR_QUEUE_SIZE` jobs
    ///   wait, `.shutDown` when the engine stops.
    func perform<Value: Sendable>(
        priority: RecognitionPriority,
        _ work: @escaping @Sendable (PocketSphinxDecoder) throws -> Value
    ) async throws -> Value
}
