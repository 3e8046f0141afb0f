/// A server → device text message, as the simulator reads it.
struct DeviceReply: Decodable, Sendable {
    var type: String
    var text: String?
    var message: String?
    var code: String?
    var sessionID: String?

    enum CodingKeys: String, CodingKey {
        case type, text, message, code
        case sessionID = "session_id"
    }
}
