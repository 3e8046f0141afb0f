/// A speech recogniser the service can put behind its API and caches: PocketSphinx in process,
/// or an upstream engine (an OpenAI-compatible transcription server such as FunASR, speaches
/// or a hosted service) that the runtime sits in front of.
package protocol SpeechEngine: Sendable {
    /// Identifies the engine and its model in cache keys, e.g. `pocketsphinx-en-us`; two engines
    /// that may transcribe the same audio differently must have different ids.
    var id: String { get }

    /// What the engine can do: its languages, whether it decodes audio as it arrives, the longest
    /// utterance it takes.
    var capabilities: EngineCapabilities { get }

    /// Recognises one whole utterance of 16 kHz mono audio spoken in `language`.
    /// - Throws: `SpeechEngineError`, `CancellationError` when the calling task is cancelled
    ///   before the engine begins the work, or an engine-specific error.
    func recognize(_ audio: PCMAudio, language: String, priority: RecognitionPriority) async throws -> Transcription
}
