import COpus

// The runtime's only contact with libopus: everything unsafe about it stays in this file.

/// Why libopus refused a packet or a setting, named after its error codes.
public enum OpusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `OPUS_BAD_ARG`: an argument was invalid or out of range (e.g. a frame size Opus does not have).
    case badArgument
    /// `OPUS_BUFFER_TOO_SMALL`: the packet holds more audio than the output buffer (over 120 ms).
    case bufferTooSmall
    /// `OPUS_INTERNAL_ERROR`.
    case internalError
    /// `OPUS_INVALID_PACKET`: the bytes are not an Opus packet (corrupt or another format).
    case invalidPacket
    /// `OPUS_UNIMPLEMENTED`: the packet uses a feature this libopus does not have.
    case unimplemented
    /// `OPUS_INVALID_STATE`: the codec state is damaged.
    case invalidState
    /// `OPUS_ALLOC_FAIL`: libopus could not allocate memory.
    case allocationFailed
    /// A binary frame with no bytes: nothing to decode.
    case emptyPacket
    /// Any other negative code libopus returned.
    case other(code: Int32)

    init(code: Int32) {
        switch code {
        case OPUS_BAD_ARG: self = .badArgument
        case OPUS_BUFFER_TOO_SMALL: self = .bufferTooSmall
        case OPUS_INTERNAL_ERROR: self = .internalError
        case OPUS_INVALID_PACKET: self = .invalidPacket
        case OPUS_UNIMPLEMENTED: self = .unimplemented
        case OPUS_INVALID_STATE: self = .invalidState
        case OPUS_ALLOC_FAIL: self = .allocationFailed
        default: self = .other(code: code)
        }
    }

    public var description: String {
        switch self {
        case .emptyPacket: return "empty Opus packet"
        case .badArgument: return "Opus: invalid argument"
        case .bufferTooSmall: return "Opus: packet longer than 120 ms"
        case .internalError: return "Opus: internal error"
        case .invalidPacket: return "Opus: corrupted or not an Opus packet"
        case .unimplemented: return "Opus: request not implemented"
        case .invalidState: return "Opus: codec state is invalid"
        case .allocationFailed: return "Opus: memory allocation failed"
        case .other(let code): return "Opus error \(code)"
        }
    }
}

/// Decodes a device's Opus packets to the engines' 16 kHz mono s16 PCM.
///
/// A decoder keeps inter-packet state, so one belongs to one stream and is used by one task at
/// a time (it is not `Sendable`).
public final class OpusDecoder {
    /// Output rate; libopus resamples any packet to it.
    public let sampleRate: Int32 = 16_000
    /// The longest packet Opus allows is 120 ms: 1920 samples at 16 kHz.
    public static let maxFrameSamples = 1920

    private let state: OpaquePointer
    private var output = [Int16](repeating: 0, count: OpusDecoder.maxFrameSamples)

    /// - Throws: `OpusError` if libopus cannot create a decoder.
    public init() throws(OpusError) {
        var error: Int32 = OPUS_OK
        guard let state = opus_decoder_create(16_000, 1, &error), error == OPUS_OK else {
            throw OpusError(code: error == OPUS_OK ? OPUS_ALLOC_FAIL : error)
        }
        self.state = state
    }

    deinit { opus_decoder_destroy(state) }

    /// Decodes one packet (one WebSocket binary frame) into its samples.
    /// - Throws: `OpusError.emptyPacket`, `.invalidPacket`, `.bufferTooSmall`, …
    public func decode(_ packet: some Collection<UInt8>) throws(OpusError) -> [Int16] {
        guard !packet.isEmpty else { throw .emptyPacket }
        let bytes = Array(packet)
        let count = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { pcm in
                // Both buffers are non-empty here, so their base addresses exist.
                opus_decode(state, input.baseAddress, Int32(input.count), pcm.baseAddress!, Int32(pcm.count), 0)
            }
        }
        guard count >= 0 else { throw OpusError(code: count) }
        return Array(output[0..<Int(count)])
    }
}

/// Encodes 16 kHz mono s16 PCM as a xiaozhi device does (`OPUS_APPLICATION_VOIP`), for tests
/// and the device simulator.
public final class OpusEncoder {
    /// Samples per packet: 960 = 60 ms, the devices' `frame_duration`.
    public let frameSamples: Int
    private let state: OpaquePointer
    private var packet = [UInt8](repeating: 0, count: 4000)

    /// - Parameters:
    ///   - frameDurationMilliseconds: 10, 20, 40 or 60 (the devices use 60).
    ///   - bitrate: bits per second (the devices send ~16–24 kb/s); nil keeps libopus's default.
    ///   - complexity: 0...10 (ESP32 firmware uses low values); nil keeps the default.
    /// - Throws: `OpusError.badArgument` for a frame duration Opus does not have or bad settings.
    public init(frameDurationMilliseconds: Int = 60, bitrate: Int32? = nil, complexity: Int32? = nil) throws(OpusError) {
        guard [10, 20, 40, 60].contains(frameDurationMilliseconds) else { throw .badArgument }
        frameSamples = 16 * frameDurationMilliseconds
        var error: Int32 = OPUS_OK
        guard let state = opus_encoder_create(16_000, 1, OPUS_APPLICATION_VOIP, &error), error == OPUS_OK else {
            throw OpusError(code: error == OPUS_OK ? OPUS_ALLOC_FAIL : error)
        }
        // Settings go on the local pointer first: once `self.state` is set, a throwing init
        // would run `deinit` too and destroy the encoder twice.
        var code = OPUS_OK
        if let bitrate { code = copus_encoder_set_bitrate(state, bitrate) }
        if code == OPUS_OK, let complexity { code = copus_encoder_set_complexity(state, complexity) }
        guard code == OPUS_OK else {
            opus_encoder_destroy(state)
            throw OpusError(code: code)
        }
        self.state = state
    }

    deinit { opus_encoder_destroy(state) }

    /// Encodes exactly `frameSamples` samples into one packet.
    /// - Throws: `OpusError.badArgument` when `frame` has another length.
    public func encode(frame: [Int16]) throws(OpusError) -> [UInt8] {
        guard frame.count == frameSamples else { throw .badArgument }
        let count = frame.withUnsafeBufferPointer { pcm in
            packet.withUnsafeMutableBufferPointer { out in
                opus_encode(state, pcm.baseAddress!, Int32(frameSamples), out.baseAddress!, Int32(out.count))
            }
        }
        guard count >= 0 else { throw OpusError(code: count) }
        return Array(packet[0..<Int(count)])
    }

    /// Splits `samples` into packets, padding the last frame with silence.
    public func encode(samples: [Int16]) throws(OpusError) -> [[UInt8]] {
        var packets: [[UInt8]] = []
        var start = 0
        while start < samples.count {
            var frame = Array(samples[start..<min(samples.count, start + frameSamples)])
            if frame.count < frameSamples { frame += repeatElement(0, count: frameSamples - frame.count) }
            packets.append(try encode(frame: frame))
            start += frameSamples
        }
        return packets
    }
}
