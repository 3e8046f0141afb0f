import ASRContracts
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// An OpenAI-compatible transcription server as the runtime's engine (FunASR's OpenAI API,
/// speaches / faster-whisper, vLLM, a hosted service): each utterance is POSTed as a WAV in a
/// multipart form to `<url>/v1/audio/transcriptions` and the answer's `text` is the result.
///
/// Connection errors and 502/503/504 are retried with jittered backoff, up to
/// `maxAttempts` in all and while the request's deadline (`ASR_UPSTREAM_TIMEOUT`) allows — a
/// blip is ridden out, a dead upstream is not waited on; other errors come back as
/// `SpeechEngineError.upstreamFailed` naming the upstream's status and message. After
/// `failureThreshold` consecutive failures the circuit breaker refuses requests at once with
/// `.engineUnavailable` until a probe gets through.
package final class UpstreamEngine: SpeechEngine {
    package let id: String
    package let configuration: UpstreamConfiguration
    package let breaker: CircuitBreaker
    let statistics = UpstreamStatistics()
    private let limit: InFlightLimit
    /// The last probe, and when a recognition last got an answer from the upstream (which
    /// makes a probe unnecessary).
    private let lastProbe = Mutex<UpstreamProbe?>(nil)
    private let lastAnswer = Mutex<ContinuousClock.Instant?>(nil)
    private let client: HTTPClient
    private let logger: Logger

    /// Attempts per recognition: the first and two retries.
    static let maxAttempts = 3
    /// The largest answer read: a transcript, not a file.
    static let maxAnswerBytes = 1 << 20
    /// OpenAI's file limit, 25 MB, as 16 kHz 16-bit mono audio.
    static let maximumAudioSeconds = Double(25 << 20) / Double(2 * PCMAudio.sampleRate)

    package init(configuration: UpstreamConfiguration, logger: Logger = Logger(label: "asr.upstream")) {
        self.configuration = configuration
        self.id = "upstream-\(configuration.model)@\(configuration.address.hostAndPort)"
        self.breaker = CircuitBreaker(threshold: configuration.failureThreshold, openSeconds: configuration.openSeconds)
        self.limit = InFlightLimit(limit: configuration.maxInFlight)
        self.logger = logger
        var http = HTTPClient.Configuration()
        http.timeout = .init(connect: .seconds(Int64(max(1, min(configuration.timeoutSeconds, 5)))))
        http.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.maxInFlight
        )
        // A refused connection fails the attempt at once; `send` decides whether to try again
        // (AsyncHTTPClient would otherwise keep reconnecting until the connect timeout).
        http.connectionPool.retryConnectionEstablishment = false
        http.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
    }

    /// Whole utterances only; whatever language the request names goes to the model.
    package var capabilities: EngineCapabilities {
        EngineCapabilities(name: "upstream", languages: [], decodesIncrementally: false, maximumAudioSeconds: Self.maximumAudioSeconds)
    }

    /// Closes the connection pool.
    package func shutdown() async {
        try? await client.shutdown()
    }

    package func recognize(_ audio: PCMAudio, language: String, priority: RecognitionPriority) async throws -> Transcription {
        if let retryAfter = breaker.admit() {
            statistics.failed(.unavailable)
            let (_, lastFailure) = breaker.history
            throw SpeechEngineError.engineUnavailable(
                reason: "\(configuration.address.display) failed \(configuration.failureThreshold) times in a row"
                    + (lastFailure.map { " (last: \($0))" } ?? ""),
                retryAfterSeconds: retryAfter
            )
        }
        let started = ContinuousClock.now
        let deadline = started + .milliseconds(Int64(configuration.timeoutSeconds * 1000))
        statistics.sent()
        do {
            let text = try await limit.run(priority: priority) {
                try await self.send(audio, language: language, deadline: deadline)
            }
            let seconds = (ContinuousClock.now - started).seconds
            lastAnswer.withLock { $0 = .now }
            breaker.succeeded()
            statistics.succeeded(seconds: seconds)
            return Transcription(text: text, confidence: 1, decodeSeconds: seconds, audioSeconds: audio.duration)
        } catch let failure as Failure {
            statistics.failed(failure.kind)
            if failure.kind == .clientError {
                // The upstream works; this request (or the configured model or key) does not.
                breaker.succeeded()
            } else {
                breaker.failed(failure.error.description)
            }
            logger.warning("upstream recognition failed: \(failure.error)")
            throw failure.error
        } catch {
            breaker.abandoned()
            throw error
        }
    }

    /// One recognition, retried within `deadline`.
    private func send(_ audio: PCMAudio, language: String, deadline: ContinuousClock.Instant) async throws -> String {
        let form = TranscriptionForm(audio: audio, model: configuration.model, language: language, prompt: configuration.prompt)
        var request = request(configuration.address.transcriptions)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: form.contentType)
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: form.bytes))

        var attempt = 0
        while true {
            try Task.checkCancellation()
            let failure: Failure
            do {
                return try await attemptOnce(request, deadline: deadline)
            } catch let error as Failure {
                failure = error
            }
            attempt += 1
            guard failure.retryable, attempt < Self.maxAttempts else { throw failure }
            // 50 ms, then 100 ms, each ±50 %, while the deadline allows.
            let base = min(1.0, 0.05 * pow(2, Double(attempt - 1)))
            let pause = Duration.milliseconds(Int64(base * Double.random(in: 0.5...1.5) * 1000))
            guard ContinuousClock.now + pause < deadline else { throw failure }
            statistics.retried()
            try await Task.sleep(for: pause)
        }
    }

    private func attemptOnce(_ request: HTTPClientRequest, deadline: ContinuousClock.Instant) async throws -> String {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { throw Failure(.timeout, .upstreamTimeout(seconds: configuration.timeoutSeconds)) }
        let nanoseconds = remaining.components.seconds * 1_000_000_000 + remaining.components.attoseconds / 1_000_000_000
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await client.execute(request, deadline: .now() + .nanoseconds(nanoseconds), logger: nil)
            body = try await response.body.collect(upTo: Self.maxAnswerBytes)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw Failure(.timeout, .upstreamTimeout(seconds: configuration.timeoutSeconds))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if ContinuousClock.now >= deadline {
                throw Failure(.timeout, .upstreamTimeout(seconds: configuration.timeoutSeconds))
            }
            throw Failure(
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
            case 502, 503, 504: throw Failure(.serverError, error, retryable: true)
            case 500...: throw Failure(.serverError, error)
            default: throw Failure(.clientError, error)
            }
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(buffer: body)) else {
            let start = String(decoding: body.readableBytesView.prefix(120), as: UTF8.self)
            throw Failure(.badResponse, .upstreamFailed(status: status, message: "the answer is not JSON with a \"text\" field: \(start)"))
        }
        return answer.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A request to `url` carrying the API key, when one is configured.
    private func request(_ url: URL) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url.absoluteString)
        if let key = configuration.apiKey, !key.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        return request
    }

    /// Why the upstream should not be counted on now, if so: its breaker is open, or the last
    /// probe found it unreachable and no recognition has got an answer since. The one verdict
    /// `/health` and `/asr/stats` show.
    package var problem: String? {
        if breaker.position != .closed { return "circuit breaker open (\(breaker.history.lastFailure ?? "failing"))" }
        guard let probe = lastProbe.withLock({ $0 }), !probe.reachable else { return nil }
        if let answered = lastAnswer.withLock({ $0 }), answered > probe.at { return nil }
        return probe.error ?? "not reachable"
    }

    /// Looks at the upstream (`GET <url>/v1/models`) unless a recognition got an answer in the
    /// last `freshSeconds`: what `/health` says between requests.
    @discardableResult
    package func probe(unlessAnsweredWithin freshSeconds: Double = 0) async -> UpstreamProbe? {
        if let answered = lastAnswer.withLock({ $0 }), (ContinuousClock.now - answered).seconds < freshSeconds { return nil }
        let result: UpstreamProbe
        do {
            let response = try await client.execute(
                request(configuration.address.models),
                timeout: .seconds(Int64(max(1, min(configuration.timeoutSeconds, 5))))
            )
            let body = try await response.body.collect(upTo: Self.maxAnswerBytes)
            let models = try? JSONDecoder().decode(ModelListResponse.self, from: Data(buffer: body)).data.map(\.id)
            result = UpstreamProbe(reachable: true, models: response.status == .ok ? models : nil)
        } catch {
            result = UpstreamProbe(reachable: false, error: "\(configuration.address.display) is not reachable: \(error)")
        }
        lastProbe.withLock { $0 = result }
        return result
    }

    /// The message of an OpenAI-style error body (`{"error":{"message":…}}` or `{"detail":…}`).
    static func errorMessage(_ body: ByteBuffer) -> String? {
        let data = Data(buffer: body)
        if let message = (try? JSONDecoder().decode(ErrorAnswer.self, from: data))?.message { return message }
        let text = String(decoding: data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The upstream's report for `/asr/stats`.
    package var report: UpstreamStatusReport {
        let figures = statistics.snapshot
        let (opened, lastFailure) = breaker.history
        let (open, waiting) = limit.snapshot
        return UpstreamStatusReport(
            url: configuration.address.display,
            model: configuration.model,
            breaker: breaker.position.rawValue,
            breakerOpened: opened,
            requests: figures.requests,
            succeeded: figures.succeeded,
            retries: figures.retries,
            errors: figures.failures,
            inFlight: open,
            waiting: waiting,
            latencyP50: figures.latency[0],
            latencyP95: figures.latency[1],
            latencyP99: figures.latency[2],
            lastError: lastFailure,
            problem: problem,
            modelListed: lastProbe.withLock { $0?.models }.map { $0.contains(configuration.model) }
        )
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

    /// One failed attempt: what it counts as, the error it becomes, whether to try again.
    private struct Failure: Error {
        let kind: UpstreamStatistics.FailureKind
        let error: SpeechEngineError
        let retryable: Bool

        init(_ kind: UpstreamStatistics.FailureKind, _ error: SpeechEngineError, retryable: Bool = false) {
            self.kind = kind
            self.error = error
            self.retryable = retryable
        }
    }
}
