/// The decoder threads a device stream's jobs run on — the engine's workers, shared with HTTP
/// requests through one scheduler. All a stream session needs of the rest of the runtime.
package protocol StreamJobRunner: Sendable {
    /// How far the decoders are behind real time for device streams (seconds; see
    /// `RecognitionScheduler.streamLagSeconds`).
    var streamLagSeconds: Double { get }

    /// Runs `work` on a decoder thread, queued by `priority` and `order` among recognitions;
    /// `work` gets that thread's decoder (whose language-model slot the stream's own decoder
    /// scores with).
    /// - Parameter audioSeconds: the audio `work` decodes.
    /// - Throws: what `work` throws; `SpeechEngineError.queueFull` when `ASR_QUEUE_SIZE` jobs
    ///   wait, `.shutDown` when the engine stops.
    func perform<Value: Sendable>(
        priority: RecognitionPriority,
        order: StreamJobOrder,
        audioSeconds: Double,
        _ work: @escaping @Sendable (PocketSphinxDecoder) throws -> Value
    ) async throws -> Value
}
