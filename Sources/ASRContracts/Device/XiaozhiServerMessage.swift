import Foundation

/// A server → device text message of the xiaozhi WebSocket protocol: `hello` (the channel is
/// open), `stt` (what the device said) or `error` (a message the session could not act on, or
/// why the server closes the stream). Fields a type does not use are absent from the JSON.
public struct XiaozhiServerMessage: Codable, Sendable, Equatable {
    public var type: String
    public var transport: String?
    public var audioParameters: XiaozhiAudioParameters?
    public var text: String?
    public var message: String?
    /// `error`: a stable code (`bad_audio`, `concurrency_limit`, `memory_critical`, …).
    public var code: String?
    public var sessionID: String?

    enum CodingKeys: String, CodingKey {
        case type, transport, text, message, code
        case audioParameters = "audio_params"
        case sessionID = "session_id"
    }

    public init(
        type: String,
        transport: String? = nil,
        audioParameters: XiaozhiAudioParameters? = nil,
        text: String? = nil,
        message: String? = nil,
        code: String? = nil,
        sessionID: String? = nil
    ) {
        self.type = type
        self.transport = transport
        self.audioParameters = audioParameters
        self.text = text
        self.message = message
        self.code = code
        self.sessionID = sessionID
    }

    /// The server's `hello`, opening the session.
    public static func hello(sessionID: String, audioParameters: XiaozhiAudioParameters) -> Self {
        Self(type: "hello", transport: "websocket", audioParameters: audioParameters, sessionID: sessionID)
    }

    /// `stt`: the text of one utterance.
    public static func speechToText(_ text: String, sessionID: String) -> Self {
        Self(type: "stt", text: text, sessionID: sessionID)
    }

    /// `error`, with a code a device can act on.
    public static func error(_ message: String, code: String, sessionID: String?) -> Self {
        Self(type: "error", message: message, code: code, sessionID: sessionID)
    }

    /// The message as one line of JSON, keys sorted.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings and integers only: encoding cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
