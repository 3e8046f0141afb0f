import ASRContracts
import ASRRuntime
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// A live runtime (HTTP + the devices' WebSocket on a free port) with real decoders, and
/// simulated xiaozhi devices that stream real speech as Opus.
enum DeviceHarness {
    /// - Parameter configure: changes to values that are not `ASR_*` settings.
    static func with<Value: Sendable>(
        _ environment: [String: String] = [:],
        configure: (inout RuntimeConfiguration) -> Void = { _ in },
        _ body: @Sendable (RuntimeServices, any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        // The memory cap is lifted: the test process holds many decoders at once (other suites'
        // engines), and a shed stream would fail these tests for a reason they do not test.
        var settings = [
            "ASR_WORKER_THREADS": "1", "ASR_REDIS_URL": "", "ASR_MAX_MEMORY_MB": "65536",
            "ASR_MEMORY_WARNING_MB": "60000", "ASR_MEMORY_CRITICAL_MB": "62000",
        ]
        settings.merge(environment) { $1 }
        var configuration = try RuntimeConfiguration(environment: settings)
        configure(&configuration)
        let services = try RuntimeServices(configuration: configuration)
        try await services.loadModels()
        var logger = Logger(label: "asr.test")
        logger.logLevel = ProcessInfo.processInfo.environment["ASR_TEST_LOG"] == "debug" ? .trace : .warning
        let app = buildApplication(services: services, logger: logger)
        do {
            let value = try await app.test(.live) { client in try await body(services, client) }
            await services.shutdown()
            return value
        } catch {
            await services.shutdown()
            throw error
        }
    }

    /// goforward.raw ("go forward ten meters") as a device sends it: 60 ms Opus packets.
    static let speechPackets: [[UInt8]] = {
        let samples = try! TestCorpus.goForward().samples
        return try! OpusEncoder(frameDurationMilliseconds: 60, bitrate: 24_000, complexity: 5).encode(samples: samples)
    }()

    /// One second of silence as 60 ms Opus packets (what a device sends after the speech).
    static let silencePackets: [[UInt8]] = {
        try! OpusEncoder(frameDurationMilliseconds: 60).encode(samples: [Int16](repeating: 0, count: 16_000))
    }()

    static func hello(frameDuration: Int = 60) -> String {
        #"{"type":"hello","version":1,"transport":"websocket","audio_params":{"format":"opus","sample_rate":16000,"channels":1,"frame_duration":\#(frameDuration)}}"#
    }

    static func listen(_ state: String, mode: String? = nil) -> String {
        if let mode { return #"{"type":"listen","state":"\#(state)","mode":"\#(mode)"}"# }
        return #"{"type":"listen","state":"\#(state)"}"#
    }

    /// Runs `script` as one device connected to `/xiaozhi/v1/` (plus `query`), returning what it
    /// returns and the close frame the server sent, if any.
    static func device<Value: Sendable>(
        _ client: any TestClientProtocol,
        headers: HTTPFields = [.init("Device-Id")!: "aa:bb:cc:dd:ee:ff", .init("Client-Id")!: "test-client"],
        query: String = "",
        _ script: @escaping @Sendable (inout Device) async throws -> Value
    ) async throws -> (value: Value, close: WebSocketCloseFrame?) {
        let result = Mutex<Result<Value, any Error>?>(nil)
        var logger = Logger(label: "device")
        logger.logLevel = ProcessInfo.processInfo.environment["ASR_TEST_LOG"] == "debug" ? .trace : .warning
        let close = try await client.ws("/xiaozhi/v1/" + query, configuration: .init(additionalHeaders: headers), logger: logger) {
            inbound,
            outbound,
            _ in
            var device = Device(messages: inbound.messages(maxSize: 1 << 16).makeAsyncIterator(), outbound: outbound)
            do {
                let value = try await script(&device)
                result.withLock { $0 = .success(value) }
            } catch {
                result.withLock { $0 = .failure(error) }
            }
        }
        guard let outcome = result.withLock({ $0 }) else { throw DeviceError.noResult }
        return (try outcome.get(), close)
    }

    enum DeviceError: Error {
        case noResult
        case unexpected(String)
    }

    static func decodeStats(_ response: TestResponse) throws -> StatsResponse {
        try JSONDecoder().decode(StatsResponse.self, from: Data(buffer: response.body))
    }

    /// What the server said, decoded.
    typealias Reply = XiaozhiServerMessage

    /// The device end of one connection.
    struct Device {
        var messages: WebSocketInboundMessageStream.AsyncIterator
        let outbound: WebSocketOutboundWriter

        func send(_ text: String) async throws {
            try await outbound.write(.text(text))
        }

        func send(packets: [[UInt8]]) async throws {
            for packet in packets { try await outbound.write(.binary(ByteBuffer(bytes: packet))) }
        }

        /// The next text message, or nil once the server has closed the connection.
        mutating func next() async throws -> Reply? {
            while let message = try await messages.next() {
                if case .text(let text) = message {
                    return try JSONDecoder().decode(Reply.self, from: Data(text.utf8))
                }
            }
            return nil
        }

        /// Sends hello and returns the server's hello.
        mutating func handshake() async throws -> Reply {
            try await send(DeviceHarness.hello())
            guard let reply = try await next(), reply.type == "hello" else { throw DeviceError.unexpected("no server hello") }
            return reply
        }

        /// A manual-mode utterance: start, the packets, stop; returns the server's answer.
        mutating func speakManually(_ packets: [[UInt8]] = DeviceHarness.speechPackets) async throws -> Reply? {
            try await send(DeviceHarness.listen("start", mode: "manual"))
            try await send(packets: packets)
            try await send(DeviceHarness.listen("stop"))
            return try await next()
        }
    }
}
