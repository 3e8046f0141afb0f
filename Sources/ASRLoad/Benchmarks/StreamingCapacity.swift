import ASRDeploy
import Foundation

/// Section 4 — streaming capacity, through the device simulator (`asrctl test stress`).
///
/// A runtime with W workers is started; realistic simulated devices (manual mode, real speech
/// as 60 ms Opus frames in real time, then `realisticThinkSeconds` of the assistant's reply
/// before the next utterance, each starting at a random point of its first turn) run against
/// it for `secondsPerProbe` at N = 3, 6, 12, … until the end-of-speech → stt p95 passes 0.24 s or a device is refused or an utterance fails; one
/// bisection step then narrows the largest N that held. Then bursts: as many devices as make
/// `burstCeilingShares` of the engine ceiling say goforward together, once each.
package struct StreamingCapacity: Sendable {
    package var executable: URL
    package var workers: Int
    /// Seconds each stress run streams for.
    package var secondsPerProbe: Double
    /// Runtime settings, e.g. `ASR_CHUNK_SIZE` for the chunk-size comparison.
    package var environment: [String: String]
    /// Mean seconds between an answer and a device's next utterance.
    package var thinkSeconds: Double

    /// A xiaozhi conversation: the device plays the assistant's spoken reply (several seconds)
    /// before the person says the next thing — ~20–30 % of the time speaking.
    package static let realisticThinkSeconds = 8.0
    /// Bursts, as shares of the engine ceiling (audio seconds per second, one per device).
    package static let burstCeilingShares = [0.8, 2.0]
    /// The guide's box: this many devices listening at once must fit under the memory cap.
    package static let listeningAtOnce = 25

    package init(
        executable: URL,
        workers: Int,
        secondsPerProbe: Double,
        environment: [String: String] = [:],
        thinkSeconds: Double = Self.realisticThinkSeconds
    ) {
        self.executable = executable
        self.workers = workers
        self.secondsPerProbe = secondsPerProbe
        self.environment = environment
        self.thinkSeconds = thinkSeconds
    }

    /// One stress run of `devices` devices against a runtime of its own (for setting comparisons).
    package func probe(devices: Int, workDirectory: URL) throws -> StreamingCapacityResult.Probe {
        let runtime = try startRuntime(workDirectory: workDirectory)
        defer { runtime.stop() }
        return try stress(devices: devices, port: runtime.port)
    }

    private func startRuntime(workDirectory: URL) throws -> ServiceProcess {
        try ServiceProcess.runtime(
            executable: executable,
            // No result cache: the simulated devices repeat the corpus's exact audio, which real
            // microphones never do, so an utterance decoded whole (no stream decoder free)
            // would be answered from the cache.
            environment: [
                "ASR_WORKER_THREADS": String(workers), "ASR_MAX_CONCURRENT": "200", "ASR_QUEUE_SIZE": "400", "ASR_CACHE_SIZE_MB": "0",
            ]
            .merging(environment) { $1 },
            workDirectory: workDirectory
        )
    }

    /// The capacity search, then the bursts (when the engine ceiling, audio seconds per second
    /// at W decoders, is known).
    package func measure(workDirectory: URL, ceiling: Double?, progress: (String) -> Void) throws -> StreamingCapacityResult {
        let runtime = try startRuntime(workDirectory: workDirectory)
        defer { runtime.stop() }
        var probes: [StreamingCapacityResult.Probe] = []
        func holds(_ probe: StreamingCapacityResult.Probe) -> Bool {
            probe.refused == 0 && probe.failed == 0 && (probe.p95Seconds ?? .infinity) <= BenchmarkVerdicts.streamingP95Seconds
        }
        func run(_ devices: Int) throws -> StreamingCapacityResult.Probe {
            let probe = try stress(devices: devices, port: runtime.port)
            progress(
                String(
                    format: "streaming: %d devices → p95 %@, %.2f audio-s/s, duty %.0f %%, %d refused, %d failed, %d decoded whole",
                    devices,
                    probe.p95Seconds.map { String(format: "%.3f s", $0) } ?? "-",
                    probe.audioSecondsPerSecond ?? 0,
                    (probe.dutyCycle ?? 0) * 100,
                    probe.refused,
                    probe.failed,
                    probe.decodedWhole ?? 0
                )
            )
            probes.append(probe)
            return probe
        }
        // From 3 devices (the issue's low-load case; one device says little about capacity, and
        // the whole of `make bench` must stay within minutes on a fresh 2-core machine).
        var good = 0
        var bad: Int?
        var devices = 3
        while devices <= 64 {
            if holds(try run(devices)) {
                good = devices
                devices *= 2
            } else {
                bad = devices
                break
            }
        }
        if let bad, bad - good > 1 {
            let middle = (good + bad) / 2
            if holds(try run(middle)) { good = middle }
        }
        var bursts: [StreamingCapacityResult.Burst] = []
        for share in ceiling.map({ _ in Self.burstCeilingShares }) ?? [] {
            let devices = max(1, Int((share * (ceiling ?? 0)).rounded()))
            let burst = try self.burst(devices: devices, share: share, port: runtime.port)
            progress(
                String(
                    format: "streaming: a burst of %d devices (%.1f × the ceiling) → p50 %@, max %@, %d answered, %d refused, %d failed",
                    devices,
                    share,
                    burst.p50Seconds.map { String(format: "%.3f s", $0) } ?? "-",
                    burst.maxSeconds.map { String(format: "%.3f s", $0) } ?? "-",
                    burst.answered,
                    burst.refused,
                    burst.failed
                )
            )
            bursts.append(burst)
        }
        let listening = try burst(devices: Self.listeningAtOnce, share: Double(Self.listeningAtOnce) / max(1, ceiling ?? 1), port: runtime.port)
        progress(
            String(
                format: "streaming: %d devices listening at once → RSS peak %@, %d answered, %d refused, %d failed",
                listening.devices,
                listening.rssPeakMB.map { String(format: "%.0f MB", $0) } ?? "-",
                listening.answered,
                listening.refused,
                listening.failed
            )
        )
        return StreamingCapacityResult(
            probes: probes,
            thinkSeconds: thinkSeconds,
            maxDevices: good == 0 ? nil : good,
            bursts: bursts,
            listeningAtOnce: listening
        )
    }

    /// `devices` devices saying goforward together, once each, against the runtime on `port`.
    private func burst(devices: Int, share: Double, port: Int) throws -> StreamingCapacityResult.Burst {
        let report = try stressReport(["--devices", String(devices), "--burst", "--answer-timeout", "30"], port: port, timeout: 90)
        return StreamingCapacityResult.Burst(
            ceilingShare: share,
            devices: devices,
            answered: report.utterances.answered,
            refused: report.sessions.refused,
            failed: report.utterances.failed,
            p50Seconds: report.latencySeconds?.p50,
            maxSeconds: report.latencySeconds?.max,
            rssPeakMB: report.runtime.rssPeakMB,
            decodedWhole: report.runtime.listeningDecodedWhole
        )
    }

    /// One `asrctl test stress --json` run against the runtime on `port`.
    private func stress(devices: Int, port: Int) throws -> StreamingCapacityResult.Probe {
        let report = try stressReport(
            [
                "--devices", String(devices), "--duration", String(Int(secondsPerProbe)), "--think", String(thinkSeconds),
                "--seed", String(devices),
            ],
            port: port,
            timeout: secondsPerProbe + 120
        )
        return StreamingCapacityResult.Probe(
            devices: devices,
            p95Seconds: report.latencySeconds?.p95,
            audioSecondsPerSecond: report.load.audioSecondsPerSecond,
            dutyCycle: report.load.dutyCycle,
            refused: report.sessions.refused,
            failed: report.utterances.failed,
            wordErrorRate: report.accuracy.referenceWords > 0 ? report.accuracy.wordErrorRate : nil,
            decodedWhole: report.runtime.listeningDecodedWhole
        )
    }

    /// One `asrctl test stress --json` run with `arguments` against the runtime on `port`.
    private func stressReport(_ arguments: [String], port: Int, timeout: Double) throws -> StressReport {
        let command = ["test", "stress"] + arguments + ["--url", "http://127.0.0.1:\(port)", "--json"]
        guard let result = Subprocess(timeout: timeout).run(executable.path, command),
            !result.timedOut, let data = result.standardOutput.data(using: .utf8),
            let report = try? JSONDecoder().decode(StressReport.self, from: data)
        else {
            throw BenchmarkError.process("asrctl \(command.joined(separator: " ")) gave no report")
        }
        return report
    }
}
