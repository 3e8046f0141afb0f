/// Where a device stream sends whole utterances when its language's engine does not decode
/// incrementally (an upstream): all a stream session needs of the service for that path.
package protocol UtteranceRecognizer: Sendable {
    /// The engine for `language`: whether it takes whole utterances only, and the longest it takes.
    /// - Throws: `UtteranceRefusal` (`unsupported_language`) when no engine serves `language`.
    func wholeUtteranceEngine(for language: String) throws(UtteranceRefusal) -> EngineCapabilities?

    /// Recognises one utterance of a stream, through the caches. The stream already holds its
    /// admission (an `ASR_MAX_CONCURRENT` slot), so this takes none.
    /// - Throws: `UtteranceRefusal` saying why there is no transcript; `CancellationError`.
    func recognize(utterance audio: PCMAudio, language: String) async throws -> Transcription
}
