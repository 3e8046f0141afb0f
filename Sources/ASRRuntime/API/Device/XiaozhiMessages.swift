import Foundation

/// The xiaozhi-esp32 WebSocket protocol's JSON messages (firmware `docs/websocket.md`).
enum Xiaozhi {
    /// `audio_params` of a `hello`.
    struct AudioParams: Codable, Sendable, Equatable {
        var format: String?
        var sampleRate: Int?
        var channels: Int?
        var frameDuration: Int?

        enum CodingKeys: String, CodingKey {
            case format, channels
            case sampleRate = "sample_rate"
            case frameDuration = "frame_duration"
        }
    }

    /// Any device → server text message; which fields matter depends on `type`.
    struct ClientMessage: Decodable, Sendable {
        var type: String
        var version: Int?
        var transport: String?
        var audioParams: AudioParams?
        var state: String?
        var mode: String?
        var text: String?
        var sessionID: String?

        enum CodingKeys: String, CodingKey {
            case type, version, transport, state, mode, text
            case audioParams = "audio_params"
            case sessionID = "session_id"
        }
    }

    /// Server `hello`: the channel is open.
    struct ServerHello: Encodable {
        var type = "hello"
        var transport = "websocket"
        var sessionID: String
        var audioParams: AudioParams

        enum CodingKeys: String, CodingKey {
            case type, transport
            case sessionID = "session_id"
            case audioParams = "audio_params"
        }
    }

    /// `stt`: what the device said.
    struct SpeechToText: Encodable {
        var type = "stt"
        var text: String
        var sessionID: String

        enum CodingKeys: String, CodingKey {
            case type, text
            case sessionID = "session_id"
        }
    }

    /// `error`: a message the session could not act on, or why the server closes the stream.
    struct ErrorMessage: Encodable {
        var type = "error"
        var message: String
        var code: String
        var sessionID: String?

        enum CodingKeys: String, CodingKey {
            case type, message, code
            case sessionID = "session_id"
        }
    }

    static func encode(_ message: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // These types always encode.
        return String(decoding: (try? encoder.encode(message)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
