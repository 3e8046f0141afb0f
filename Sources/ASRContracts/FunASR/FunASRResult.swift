import Foundation

/// A server → client result of the FunASR runtime WebSocket protocol:
/// `{"mode","text","wav_name","is_final"}`. Exactly one result per round has `is_final: true`,
/// the last; clients (xiaozhi-esp32-server's FunASRServer provider, funasr-client) read until it.
public struct FunASRResult: Codable, Sendable, Equatable {
    /// `offline`, `online`, `2pass-online` or `2pass-offline`.
    public var mode: String
    public var text: String
    public var wavName: String
    public var isFinal: Bool

    enum CodingKeys: String, CodingKey {
        case mode, text
        case wavName = "wav_name"
        case isFinal = "is_final"
    }

    public init(mode: String, text: String, wavName: String, isFinal: Bool) {
        self.mode = mode
        self.text = text
        self.wavName = wavName
        self.isFinal = isFinal
    }

    /// The message as sent: one line of JSON.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding four plain fields cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}
