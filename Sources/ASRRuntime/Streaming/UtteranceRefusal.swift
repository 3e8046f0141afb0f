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
}
