import ASRContracts

/// What a stream session tells its client. The API layer's connections say it in their
/// protocol (xiaozhi for devices, FunASR's); the session knows nothing of the connection.
package protocol StreamSessionOutput: Sendable {
    /// An utterance's transcript (`stt`); `ending` says what ended it — `.stop` is the client's
    /// own end of listening.
    func transcript(_ text: String, ending: StreamUtterance.Ending) async
    /// The utterance so far, while it is spoken (the best hypothesis after the audio decoded so
    /// far); sent only by sessions created with `partialResults`.
    func partial(_ text: String) async
    /// A `listen stop` was handled: every transcript it produced has been sent before this.
    func listeningEnded() async
    /// A problem the stream survives, e.g. an utterance refused for want of a decoder.
    func warn(_ message: String, code: String) async
    /// A problem the stream does not survive: the client is told, and the connection closed.
    func fail(_ message: String, code: String) async
}
