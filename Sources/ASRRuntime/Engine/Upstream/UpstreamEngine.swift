import ASRContracts
import Foundation
import Logging
import Synchronization

/// An engine the runtime reaches over the network — an OpenAI-compatible transcription server
/// (FunASR's OpenAI API, speaches / faster-whisper, vLLM, a hosted service) or a FunASR runtime
/// WebSocket server — as the runtime's engine; how each utterance is sent is its transport's
/// (`ASR_UPSTREAM_PROTOCOL`).
///
/// Connection errors and 502/503/504 (or a FunASR server's "try again later") are retried with
/// jittered backoff, up to `maxAttempts` in all and while the request's deadline
/// (`ASR_UPSTREAM_TIMEOUT`) allows — a blip is ridden out, a dead upstream is not waited on;
/// other errors come back as `SpeechEngineError.upstreamFailed` naming the upstream's status
/// and message. After `failureThreshold` consecutive failures the circuit breaker refuses
/// requests at once with `.engineUnavailable` until a probe gets through.
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
    private let transport: any UpstreamTransport
    private let logger: Logger

    /// Attempts per recognition: the first and two retries.
    static let maxAttempts = 3
    /// OpenAI's file limit, 25 MB, as 16 kHz 16-bit mono audio.
    static let maximumAudioSeconds = Double(25 << 20) / Double(2 * PCMAudio.sampleRate)

    package init(configuration: UpstreamConfiguration, logger: Logger = Logger(label: "asr.upstream")) {
        self.configuration = configuration
        self.id = "upstream-\(configuration.model)@\(configuration.address.hostAndPort)"
        self.breaker = CircuitBreaker(threshold: configuration.failureThreshold, openSeconds: configuration.openSeconds)
        self.limit = InFlightLimit(limit: configuration.maxInFlight)
        self.logger = logger
        switch configuration.wireProtocol {
        case .openAI: transport = OpenAITranscriptionTransport(configuration: configuration)
        case .funASRWebSocket: transport = FunASRWebSocketTransport(configuration: configuration, logger: logger)
        }
    }

    /// Whole utterances only; whatever language the request names goes to the model.
    package var capabilities: EngineCapabilities {
        EngineCapabilities(name: "upstream", languages: [], decodesIncrementally: false, maximumAudioSeconds: Self.maximumAudioSeconds)
    }

    /// Closes the transport's connections.
    package func shutdown() async {
        await transport.shutdown()
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
        } catch let failure as UpstreamFailure {
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
        var attempt = 0
        while true {
            try Task.checkCancellation()
            let failure: UpstreamFailure
            do {
                return try await transport.transcribe(audio, language: language, deadline: deadline)
            } catch let error as UpstreamFailure {
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

    /// Why the upstream should not be counted on now, if so: its breaker is open, or the last
    /// probe found it unreachable and no recognition has got an answer since. The one verdict
    /// `/health` and `/asr/stats` show.
    package var problem: String? {
        if breaker.position != .closed { return "circuit breaker open (\(breaker.history.lastFailure ?? "failing"))" }
        guard let probe = lastProbe.withLock({ $0 }), !probe.reachable else { return nil }
        if let answered = lastAnswer.withLock({ $0 }), answered > probe.at { return nil }
        return probe.error ?? "not reachable"
    }

    /// Looks at the upstream (its transport's probe) unless a recognition got an answer in the
    /// last `freshSeconds`: what `/health` says between requests.
    @discardableResult
    package func probe(unlessAnsweredWithin freshSeconds: Double = 0) async -> UpstreamProbe? {
        if let answered = lastAnswer.withLock({ $0 }), (ContinuousClock.now - answered).seconds < freshSeconds { return nil }
        let result = await transport.probe(timeout: .seconds(Int64(max(1, min(configuration.timeoutSeconds, 5)))))
        lastProbe.withLock { $0 = result }
        return result
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
}
