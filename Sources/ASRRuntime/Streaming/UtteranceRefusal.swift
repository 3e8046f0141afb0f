/// Why a stream's utterance got no transcript from a whole-utterance engine, as the device is
/// told it (`{"type":"error","code":…}`); the stream goes on.
package struct UtteranceRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// `engine_unavailable`, `upstream_error`, `upstream_timeout`, `unsupported_language`, …
    package let code: String
    package let message: String

    package init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }

    /// No decoder could be given to the utterance (memory at `ASR_MEMORY_CRITICAL_MB`): the
    /// code HTTP requests get for the same reason.
    package static let memoryCritical = "memory_critical"

    /// The decoders are behind real time by more than `DeviceStreams.busyLagSeconds`: a new
    /// utterance is not listened to rather than admitted to wait seconds for its answer.
    package static let busy = "busy"
}
