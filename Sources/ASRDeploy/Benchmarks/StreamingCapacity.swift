import Foundation

/// Section 4 — streaming capacity, through the device simulator (`asrctl test stress`).
///
/// HOOK: the simulator is being built in another branch (`asrctl test stress --devices N
/// --duration S --url URL --json`, whose report carries end-of-speech → stt latency
/// p50/p95/p99, utterances/s, audio seconds/s, duty cycle, word accuracy, refused/failed, RSS).
/// `measure` is where this benchmark will call it: start a runtime (`ServiceProcess.runtime`,
/// W workers; `ASR_CHUNK_SIZE` 640 and 320 for the chunk knob of §6), then search for the
/// largest N with p95 ≤ 0.24 s (double N until the p95 fails, then bisect), and return one
/// `Probe` per run. Until then it returns `pending`, and the section says so in BENCHMARKS.md.
public struct StreamingCapacity: Sendable {
    public var executable: URL
    public var workers: Int
    /// Seconds each stress run streams for.
    public var secondsPerProbe: Double
    /// Runtime knobs, e.g. `ASR_CHUNK_SIZE` for the chunk-size comparison.
    public var environment: [String: String]

    public init(executable: URL, workers: Int, secondsPerProbe: Double, environment: [String: String] = [:]) {
        self.executable = executable
        self.workers = workers
        self.secondsPerProbe = secondsPerProbe
        self.environment = environment
    }

    /// The capacity search.
    public func measure(workDirectory: URL, progress: (String) -> Void) throws -> StreamingCapacityResult {
        // TODO(issue 6, §4): run `<executable> test stress --devices N --duration <secondsPerProbe>
        // --url http://127.0.0.1:<port> --json` against a `ServiceProcess.runtime(...)` with
        // `ASR_WORKER_THREADS=<workers>` + `environment`, decode its JSON (`StressReport`: latency_seconds.p95,
        // load.audio_seconds_per_second, load.duty_cycle, sessions.refused, utterances.failed) into `Probe`s,
        // and search N upward (1, 2, 4, … then bisect) for the largest N with p95 ≤ 0.24 s.
        // The target check (BenchmarkVerdicts) compares the best probe's audio-s/s with the §1 ceiling
        // (≥ 0.8 ×) and BENCHMARKS.md states the duty cycle and devices per core.
        _ = workDirectory
        progress("streaming: pending (device simulator not wired in yet)")
        return StreamingCapacityResult(
            probes: [], maxDevices: nil,
            pending: "The device simulator (`asrctl test stress`) is not wired into the benchmark yet: "
                + "see `StreamingCapacity.measure` (Sources/ASRDeploy/Benchmarks/StreamingCapacity.swift).")
    }
}
