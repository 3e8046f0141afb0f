import ASRContracts
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The OpenAI audio API as an upstream's protocol: each utterance is `POST`ed as a WAV in a
/// multipart form to `<url>/v1/audio/transcriptions`, and the answer's `text` is the result;
/// `GET <url>/v1/models` is the probe. One connection pool (AsyncHTTPClient) for the runtime.
struct OpenAITranscriptionTransport: UpstreamTransport {
    let configuration: UpstreamConfiguration
    private let client: HTTPClient

    /// The largest answer read: a transcript, not a file.
    static let maxAnswerBytes = 1 << 20

    init(configuration: UpstreamConfiguration) {
        self.configuration = configuration
        var http = HTTPClient.Configuration()
        http.timeout = .init(connect: .seconds(Int64(max(1, min(configuration.timeoutSeconds, 5)))))
        http.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.maxInFlight
        )
        // A refused connection fails the attempt at once; the engine decides whether to try
        // again (AsyncHTTPClient would otherwise keep reconnecting until the connect timeout).
        http.connectionPool.retryConnectionEstablishment = false
        http.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    func transcribe(_ audio: PCMAudio, language: String, deadline: ContinuousClock.Instant) async throws -> String {
        let form = TranscriptionForm(audio: audio, model: configuration.model, language: language, prompt: configuration.prompt)
        var request = request(configuration.address.transcriptions)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: form.contentType)
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: form.bytes))

        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { throw UpstreamFailure(.timeout, .upstreamTimeout(seconds: configuration.timeoutSeconds)) }
        let nanoseconds = remaining.components.seconds * 1_000_000_000 + remaining.components.attoseconds / 1_000_000_000
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await client.execute(request, deadline: .now() + .nanoseconds(nanoseconds), logger: nil)
            body = try await response.body.collect(upTo: Self.maxAnswerBytes)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw UpstreamFailure(.timeout, .upstreamTimeout(seconds: configuration.timeoutSeconds))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if ContinuousClock.now >= deadline {
                throw UpstreamFailure(.timeout, .upstreamTimeout(seconds: configuration.timeoutSeconds))
            }
            throw UpstreamFailure(
                .connection,
                .upstreamFailed(status: nil, message: "\(configuration.address.display) is not reachable: \(error)"),
                retryable: true
            )
        }
        let status = Int(response.status.code)
        guard status == 200 else {
            let message = Self.errorMessage(body) ?? "HTTP \(status)"
            let error = SpeechEngineError.upstreamFailed(status: status, message: message)
            switch status {
            case 502, 503, 504: throw UpstreamFailure(.serverError, error, retryable: true)
            case 500...: throw UpstreamFailure(.serverError, error)
            default: throw UpstreamFailure(.clientError, error)
            }
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(buffer: body)) else {
            let start = String(decoding: body.readableBytesView.prefix(120), as: UTF8.self)
            throw UpstreamFailure(.badResponse, .upstreamFailed(status: status, message: "the answer is not JSON with a \"text\" field: \(start)"))
        }
        return answer.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `GET <url>/v1/models`: any HTTP answer means reachable; a model list when it gives one.
    func probe(timeout: Duration) async -> UpstreamProbe {
        do {
            let response = try await client.execute(request(configuration.address.models), timeout: .seconds(timeout.components.seconds))
            let body = try await response.body.collect(upTo: Self.maxAnswerBytes)
            let models = try? JSONDecoder().decode(ModelListResponse.self, from: Data(buffer: body)).data.map(\.id)
            return UpstreamProbe(reachable: true, models: response.status == .ok ? models : nil)
        } catch {
            return UpstreamProbe(reachable: false, error: "\(configuration.address.display) is not reachable: \(error)")
        }
    }

    /// A request to `url` carrying the API key, when one is configured.
    private func request(_ url: URL) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url.absoluteString)
        if let key = configuration.apiKey, !key.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        return request
    }

    /// The message of an OpenAI-style error body (`{"error":{"message":…}}` or `{"detail":…}`).
    static func errorMessage(_ body: ByteBuffer) -> String? {
        let data = Data(buffer: body)
        if let message = (try? JSONDecoder().decode(ErrorAnswer.self, from: data))?.message { return message }
        let text = String(decoding: data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    private struct Answer: Decodable {
        var text: String
    }

    /// `{"error":{"message":…}}` (OpenAI), `{"error":"…"}` (asrctl, many servers),
    /// `{"detail":"…"}` (FastAPI) or `{"message":"…"}`.
    private struct ErrorAnswer: Decodable {
        var message: String?

        private struct Detail: Decodable { var message: String? }
        private enum Keys: String, CodingKey { case error, detail, message }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            message =
                (try? container.decode(Detail.self, forKey: .error))?.message
                ?? (try? container.decode(String.self, forKey: .error))
                ?? (try? container.decode(String.self, forKey: .detail))
                ?? (try? container.decode(String.self, forKey: .message))
        }
    }
}
