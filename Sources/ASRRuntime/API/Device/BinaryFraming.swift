/// How a device frames its binary WebSocket messages, by `Protocol-Version` (xiaozhi-esp32
/// `websocket_protocol.cc`). Version 1 sends bare Opus packets; 2 and 3 put a big-endian
/// header in front, with a type (0 Opus, 1 JSON) and the payload size.
public enum BinaryFraming: Int, Sendable, CaseIterable {
    /// A bare Opus packet per message.
    case version1 = 1
    /// 16-byte header: version u16, type u16, reserved u32, timestamp u32 (ms, for server-side
    /// AEC), payload size u32.
    case version2 = 2
    /// 4-byte header: type u8, reserved u8, payload size u16.
    case version3 = 3

    /// What a binary message carries.
    public enum Payload: Equatable {
        case opus(ArraySlice<UInt8>)
        /// A JSON text message sent as binary (type 1).
        case json(ArraySlice<UInt8>)
    }

    /// Why a message does not fit the framing; the session answers with it and goes on.
    public struct FrameError: Error, Equatable, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// Splits `message` into its payload.
    public func payload(of message: [UInt8]) throws(FrameError) -> Payload {
        let headerSize: Int
        let type: Int
        let size: Int
        switch self {
        case .version1:
            return .opus(message[...])
        case .version2:
            headerSize = 16
            guard message.count >= headerSize else { throw short(message.count) }
            let version = Self.bigEndian(message, 0, 2)
            guard version == 2 else {
                throw FrameError(description: "the header says protocol version \(version), but this connection uses version 2 (Protocol-Version)")
            }
            type = Self.bigEndian(message, 2, 2)
            size = Self.bigEndian(message, 12, 4)
        case .version3:
            headerSize = 4
            guard message.count >= headerSize else { throw short(message.count) }
            type = Self.bigEndian(message, 0, 1)
            size = Self.bigEndian(message, 2, 2)
        }
        guard message.count - headerSize == size else {
            throw FrameError(
                description: "the header announces \(size) payload bytes but \(message.count - headerSize) follow (protocol version \(rawValue))"
            )
        }
        let payload = message[headerSize...]
        switch type {
        case 0: return .opus(payload)
        case 1: return .json(payload)
        default: throw FrameError(description: "unknown binary message type \(type); 0 is Opus audio, 1 is JSON")
        }
    }

    private func short(_ count: Int) -> FrameError {
        FrameError(description: "a \(count)-byte message is shorter than the protocol version \(rawValue) header")
    }

    private static func bigEndian(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int {
        bytes[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
    }
}

extension BinaryFraming {
    /// `payload` as a device of this version sends it: the header (type 0, Opus) in front.
    /// - Parameter timestamp: milliseconds, version 2 only.
    public func frame(opus payload: [UInt8], timestamp: UInt32 = 0) -> [UInt8] {
        func bytes(_ value: Int, _ count: Int) -> [UInt8] { (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
        switch self {
        case .version1: return payload
        case .version2: return bytes(2, 2) + bytes(0, 2) + bytes(0, 4) + bytes(Int(timestamp), 4) + bytes(payload.count, 4) + payload
        case .version3: return bytes(0, 1) + bytes(0, 1) + bytes(payload.count, 2) + payload
        }
    }
}
