import ASRDeploy
import Foundation
import Logging
import Synchronization

/// `asrctl test stress`: N simulated xiaozhi devices stream real recorded speech as Opus to a
/// running runtime in real time, while the runtime's /asr/stats is sampled each second.
public struct StressTest: Sendable {
    public let options: StressOptions
    public let corpus: StressCorpus
    public let client: RuntimeClient

    /// - Throws: `StressError.options` for options out of range.
    public init(options: StressOptions, corpus: StressCorpus) throws(StressError) {
        try options.validate()
        guard !corpus.utterances.isEmpty else { throw .corpus("no utterances") }
        self.options = options
        self.corpus = corpus
        self.client = RuntimeClient(baseURL: options.baseURL, timeout: 5)
    }

    /// Runs the devices for the run's duration, then waits for the answers in flight.
    /// - Parameter progress: called about once a second with the figures so far.
    /// - Throws: `StressError.unreachable` when the runtime does not answer /health.
    package func run(
        logger: Logger = Logger(label: "asrctl.stress"),
        progress: (@Sendable (StressProgress) -> Void)? = nil
    ) async throws -> StressReport {
        do {
            let (status, health) = try await client.health()
            guard status == 200 else { throw StressError.unreachable("/health answered \(status) (\(health.status))") }
        } catch let error as StressError {
            throw error
        } catch {
            throw StressError.unreachable("\(options.baseURL.absoluteString)/health: \(error.localizedDescription)")
        }

        let recorder = StressRecorder()
        let samples = Mutex(RuntimeSamples())
        let started = ContinuousClock.now
        let deadline = started + .seconds(options.durationSeconds)
        let sampler = Task {
            while !Task.isCancelled {
                if let stats = try? await client.stats() { samples.withLock { $0.add(stats) } }
                let totals = recorder.snapshot
                progress?(
                    StressProgress(
                        elapsedSeconds: (ContinuousClock.now - started).seconds,
                        durationSeconds: options.durationSeconds,
                        openSessions: totals.open,
                        started: totals.started,
                        answered: totals.latencies.count,
                        failed: totals.failures.values.reduce(0, +),
                        refused: totals.refusals.values.reduce(0, +),
                        latencyP95: LatencySummary(totals.latencies)?.p95,
                        rssMB: samples.withLock { $0.last?.memory.rssMB }
                    )
                )
                try? await Task.sleep(for: .seconds(1))
            }
        }
        let startLine = options.burst ? StartLine(devices: options.devices) : nil
        // Burst devices that neither connect nor fail within the answer timeout are not waited for.
        let patience = Task {
            try await Task.sleep(for: .seconds(options.answerTimeoutSeconds))
            startLine?.releaseNow()
        }
        defer { patience.cancel() }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<options.devices {
                let device = SimulatedDevice(
                    index: index,
                    options: options,
                    corpus: corpus,
                    recorder: recorder,
                    deadline: deadline,
                    startLine: startLine
                )
                group.addTask { await device.run(logger: logger) }
            }
        }
        sampler.cancel()
        let elapsed = (ContinuousClock.now - started).seconds
        if let stats = try? await client.stats() { samples.withLock { $0.add(stats) } }
        return report(recorder.snapshot, samples.withLock { $0 }, elapsed: elapsed)
    }

    func report(_ totals: StressRecorder.Totals, _ samples: RuntimeSamples, elapsed: Double) -> StressReport {
        let refused = totals.refusals.values.reduce(0, +)
        let failed = totals.failures.values.reduce(0, +)
        let latency = LatencySummary(totals.latencies)
        let rate = totals.wordErrors.rate
        let duty = totals.connectedDevices == 0 || elapsed <= 0 ? 0 : totals.speechSeconds / (Double(totals.connectedDevices) * elapsed)
        let latencyMark: StressReport.Verdict.Mark = latency.map { $0.p95 <= StressReport.Target.latencySeconds ? .met : .missed } ?? .noData
        let memoryMark: StressReport.Verdict.Mark = samples.peakRSS.map { $0 < StressReport.Target.memoryMB ? .met : .missed } ?? .noData
        let allAnswered = refused == 0 && failed == 0 && !totals.latencies.isEmpty
        return StressReport(
            url: options.baseURL.absoluteString,
            mode: options.mode,
            devices: options.devices,
            durationSeconds: options.durationSeconds,
            thinkSeconds: options.thinkSeconds,
            burst: options.burst,
            elapsedSeconds: elapsed,
            sessions: .init(connected: totals.connectedDevices, refused: refused, refusals: totals.refusals),
            utterances: .init(
                started: totals.started,
                answered: totals.latencies.count,
                failed: failed,
                failures: totals.failures,
                perSecond: elapsed > 0 ? Double(totals.latencies.count) / elapsed : 0
            ),
            latencySeconds: latency,
            accuracy: .init(wordAccuracy: max(0, 1 - rate), wordErrorRate: rate, referenceWords: totals.wordErrors.referenceWords),
            load: .init(
                speechSeconds: totals.speechSeconds,
                audioSecondsPerSecond: elapsed > 0 ? totals.speechSeconds / elapsed : 0,
                dutyCycle: duty
            ),
            runtime: .init(
                rssPeakMB: samples.peakRSS,
                rssEndMB: samples.last?.memory.rssMB,
                memoryCapMB: samples.last?.memory.capMB,
                cacheHitRate: samples.last?.processor.cacheHitRate,
                streamDecodersCreated: samples.last?.streams.decoders.created,
                streamDecodersPeakInUse: samples.peakDecodersInUse,
                listeningDecodedWhole: samples.listeningDecodedWhole
            ),
            verdict: .init(
                latencyTargetSeconds: StressReport.Target.latencySeconds,
                latency: latencyMark,
                memoryTargetMB: StressReport.Target.memoryMB,
                memory: memoryMark,
                allAnswered: allAnswered,
                passed: allAnswered && latencyMark == .met && memoryMark != .missed
            )
        )
    }
}
