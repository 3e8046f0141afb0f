import ASRDeploy
import Foundation

/// Section 4 — streaming capacity, through the device simulator (`asrctl test stress`).
///
/// A runtime with W workers is started; simulated devices (manual mode, real speech as 60 ms
/// Opus frames in real time, 3 s mean pauses) run against it for `secondsPerProbe` at
/// N = 2, 4, 8, … until the end-of-speech → stt p95 passes 0.24 s or a device is refused or
/// an utterance fails; one bisection step then narrows the largest N that held.
package struct StreamingCapacity: Sendable {
    package var executable: URL
    package var workers: Int
    /// Seconds each stress run streams for.
    package var secondsPerProbe: Double
    /// Runtime settings, e.g. `ASR_CHUNK_SIZE` for the chunk-size comparison.
    package var environment: [String: String]

    package init(executable: URL, workers: Int, secondsPerProbe: Double, environment: [String: String] = [:]) {
        self.executable = executable
        self.workers = workers
        self.secondsPerProbe = secondsPerProbe
        self.environment = environment
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
            environment: ["ASR_WORKER_THREADS": String(workers), "ASR_MAX_CONCURRENT": "200", "ASR_QUEUE_SIZE": "400"]
                .merging(environment) { $1 },
            workDirectory: workDirectory
        )
    }

    /// The capacity search.
    package func measure(workDirectory: URL, progress: (String) -> Void) throws -> StreamingCapacityResult {
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
                    format: "streaming: %d devices → p95 %@, %.2f audio-s/s, duty %.0f %%, %d refused, %d failed",
                    devices,
                    probe.p95Seconds.map { String(format: "%.3f s", $0) } ?? "-",
                    probe.audioSecondsPerSecond ?? 0,
                    (probe.dutyCycle ?? 0) * 100,
                    probe.refused,
                    probe.failed
                )
            )
            probes.append(probe)
            return probe
        }
        // From 2 devices (one device says little about capacity, and the whole of `make bench`
        // must stay under 15 minutes on a fresh 2-core machine, release build included).
        var good = 0
        var bad: Int?
        var devices = 2
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
        return StreamingCapacityResult(probes: probes, maxDevices: good == 0 ? nil : good)
    }

    /// One `asrctl test stress --json` run against the runtime on `port`.
    private func stress(devices: Int, port: Int) throws -> StreamingCapacityResult.Probe {
        let arguments = [
            "test", "stress", "--devices", String(devices), "--duration", String(Int(secondsPerProbe)),
            "--url", "http://127.0.0.1:\(port)", "--json", "--seed", String(devices),
        ]
        guard let result = Subprocess(timeout: secondsPerProbe + 120).run(executable.path, arguments),
            !result.timedOut, let data = result.standardOutput.data(using: .utf8),
            let report = try? JSONDecoder().decode(StressReport.self, from: data)
        else {
            throw BenchmarkError.process("asrctl test stress --devices \(devices) gave no report")
        }
        return StreamingCapacityResult.Probe(
            devices: devices,
            p95Seconds: report.latencySeconds?.p95,
            audioSecondsPerSecond: report.load.audioSecondsPerSecond,
            dutyCycle: report.load.dutyCycle,
            refused: report.sessions.refused,
            failed: report.utterances.failed,
            wordErrorRate: report.accuracy.referenceWords > 0 ? report.accuracy.wordErrorRate : nil
        )
    }
}
