/// A speech recogniser the service can put behind its API and caches. PocketSphinx is the
/// embedded implementation; an OpenAI-compatible upstream (FunASR, speaches, whisper.cpp
/// server) can implement the same protocol.
package protocol SpeechEngine: Sendable {
    /// Identifies the engine and its models in cache keys, e.g. `pocketsphinx-en-us`; two
    /// engines that may transcribe the same audio differently must have different ids.
    var id: String { get }

    /// Recognises one whole utterance of 16 kHz mono audio.
    /// - Throws: `SpeechEngineError`, `CancellationError` when the calling task is cancelled
    ///   before the engine begins the work, or an engine-specific error.
    func recognize(_ audio: PCMAudio, priority: RecognitionPriority) async throws -> Transcription
}
