import ASRContracts
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization

/// The FunASR runtime WebSocket protocol as an upstream's (`ASR_UPSTREAM_PROTOCOL=funasr-ws`):
/// each utterance is an offline round on a connection of its own — the config, the PCM in
/// one-second messages, `{"is_speaking": false}` — and the round's result is the transcript.
/// What the funasr-runtime-sdk servers speak, and asrctl's own FunASR listener. The probe is
/// the WebSocket handshake.
///
/// The round ends at the first result with `is_final: true` or mode `offline` (FunASR's Python
/// server marks its one offline result `is_final: false`); SenseVoice's leading tags
/// (`<|zh|><|NEUTRAL|><|Speech|>`) are dropped from the text, as xiaozhi-esp32-server does.
struct FunASRWebSocketTransport: UpstreamTransport {
    let configuration: UpstreamConfiguration
    let logger: Logger

    /// The largest result read.
    static let maxResultBytes = 1 << 20
    /// Audio per binary message: one second.
    static let messageBytes = 2 * PCMAudio.sampleRate

    func shutdown() async {}

    func transcribe(_ audio: PCMAudio, language: String, deadline: ContinuousClock.Instant) async throws -> String {
        let texts = Mutex<(parts: [String], ended: Bool)>(([], false))
        let config = FunASRClientMessage(mode: FunASRMode.offline.rawValue, wavName: "asrctl", isSpeaking: true, language: language)
        let closing: WebSocketCloseFrame?
        do {
            closing = try await within(deadline) {
                try await WebSocketClient.connect(
                    url: configuration.address.url.absoluteString,
                    configuration: .init(maxFrameSize: Self.maxResultBytes, additionalHeaders: headers),
                    logger: logger
                ) { inbound, outbound, _ in
                    try await outbound.write(.text(String(decoding: try JSONEncoder().encode(config), as: UTF8.self)))
                    var bytes = ByteBuffer()
                    for sample in audio.samples { bytes.writeInteger(sample, endianness: .little) }
                    while bytes.readableBytes > 0 {
                        try await outbound.write(.binary(bytes.readSlice(length: min(Self.messageBytes, bytes.readableBytes))!))
                    }
                    try await outbound.write(.text(#"{"is_speaking":false}"#))
                    for try await message in inbound.messages(maxSize: Self.maxResultBytes) {
                        guard case .text(let text) = message, let result = try? JSONDecoder().decode(Result.self, from: Data(text.utf8)) else {
                            continue
                        }
                        let ends = result.isFinal ?? true || result.mode == FunASRMode.offline.rawValue
                        texts.withLock {
                            $0.parts.append(result.text ?? "")
                            $0.ended = ends
                        }
                        if ends { break }
                    }
                    try? await outbound.close(.normalClosure, reason: nil)
                }
            }
        } catch let failure as UpstreamFailure {
            throw failure
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as WebSocketClientError where error == .webSocketUpgradeFailed {
            throw UpstreamFailure(
                .clientError,
                .upstreamFailed(
                    status: nil,
                    message: "\(configuration.address.display) refused the WebSocket upgrade (not a FunASR server, or the key is wrong)"
                )
            )
        } catch {
            throw UpstreamFailure(
                .connection,
                .upstreamFailed(status: nil, message: "\(configuration.address.display) is not reachable: \(error)"),
                retryable: true
            )
        }
        let (parts, ended) = texts.withLock { $0 }
        guard ended else { throw Self.failure(closing, at: configuration.address.display) }
        return Self.dropTags(parts.joined()).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The WebSocket handshake, closed at once.
    func probe(timeout: Duration) async -> UpstreamProbe {
        do {
            try await within(.now + timeout) {
                _ = try await WebSocketClient.connect(
                    url: configuration.address.url.absoluteString,
                    configuration: .init(additionalHeaders: headers),
                    logger: logger
                ) { _, outbound, _ in
                    try? await outbound.close(.normalClosure, reason: nil)
                }
            }
            return UpstreamProbe(reachable: true)
        } catch {
            return UpstreamProbe(reachable: false, error: "\(configuration.address.display) is not reachable: \(error)")
        }
    }

    /// FunASR's subprotocol, and its own form of the key: `Bearer; <key>`.
    private var headers: HTTPFields {
        var fields = HTTPFields()
        fields[.secWebSocketProtocol] = "binary"
        if let key = configuration.apiKey, !key.isEmpty { fields[.authorization] = "Bearer; \(key)" }
        return fields
    }

    /// Runs `work`, or fails with a timeout at `deadline` — without waiting for `work` to end:
    /// the WebSocket client has no handshake timeout and ignores cancellation while it waits
    /// for the upgrade, so a server that accepts connections and never answers (stopped, hung)
    /// would hold the request for ever. Such a connection lingers until the server answers or
    /// the socket fails; the circuit breaker stops new ones after a few.
    private func within<Value: Sendable>(
        _ deadline: ContinuousClock.Instant,
        _ work: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let waiting = Waiting<Value>()
        let timeout = UpstreamFailure(.timeout, .upstreamTimeout(seconds: configuration.timeoutSeconds))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiting.continuation.withLock { $0 = continuation }
                let worker = Task {
                    do { waiting.finish(.success(try await work())) } catch { waiting.finish(.failure(error)) }
                }
                let timer = Task {
                    guard (try? await Task.sleep(until: deadline)) != nil else { return }
                    waiting.finish(.failure(timeout))
                }
                waiting.tasks.withLock { $0 = [worker, timer] }
            }
        } onCancel: {
            waiting.finish(.failure(CancellationError()))
        }
    }

    /// Why a round ended without its result: the server closed the connection, saying why.
    static func failure(_ frame: WebSocketCloseFrame?, at address: String) -> UpstreamFailure {
        guard let frame else {
            return UpstreamFailure(.badResponse, .upstreamFailed(status: nil, message: "\(address) closed the connection without a result"))
        }
        let reason = frame.reason.map { ": \($0)" } ?? ""
        let error = SpeechEngineError.upstreamFailed(status: nil, message: "\(address) closed the connection (\(frame.closeCode))\(reason)")
        switch frame.closeCode {
        // Try Again Later, Going Away: a busy or restarting server.
        case .unknown(1013), .goingAway: return UpstreamFailure(.serverError, error, retryable: true)
        // Refused: unauthorized, or audio it does not take.
        case .policyViolation, .unacceptableData, .dataInconsistentWithMessage, .messageTooLarge: return UpstreamFailure(.clientError, error)
        default: return UpstreamFailure(.serverError, error)
        }
    }

    /// `text` without SenseVoice's leading `<|…|>` tags.
    static func dropTags(_ text: String) -> String {
        var rest = Substring(text)
        while rest.hasPrefix("<|"), let end = rest.range(of: "|>") { rest = rest[end.upperBound...] }
        return String(rest)
    }

    /// Whoever comes first — the work, the deadline, cancellation — resumes the caller.
    private final class Waiting<Value: Sendable>: Sendable {
        let continuation = Mutex<CheckedContinuation<Value, any Error>?>(nil)
        /// The work and the deadline's timer: whichever is left is cancelled once the caller is resumed.
        let tasks = Mutex<[Task<Void, Never>]>([])

        /// Resumes the caller — the first time only — and cancels the tasks still running, so
        /// no timer sleeps on to the deadline after an answer.
        func finish(_ outcome: Swift.Result<Value, any Error>) {
            guard let continuation = continuation.withLock({ $0.take() }) else { return }
            for task in tasks.withLock({ $0 }) { task.cancel() }
            continuation.resume(with: outcome)
        }
    }

    /// A result as FunASR servers send it; fields may be missing.
    private struct Result: Decodable {
        var text: String?
        var mode: String?
        var isFinal: Bool?

        enum CodingKeys: String, CodingKey {
            case text, mode
            case isFinal = "is_final"
        }
    }
}
