import ASRContracts
import Synchronization

/// Counters of the device streams, for /asr/stats (`streams`) and the tests that show the
/// streaming settings at work.
package final class StreamStatistics: Sendable {
    package typealias Snapshot = StreamActivity

    private struct State {
        var snapshot = Snapshot()
        var latencies = LatencyWindow(capacity: 1024)
    }

    private let state = Mutex(State())

    package init() {}

    func update(_ body: (inout Snapshot) -> Void) {
        state.withLock { body(&$0.snapshot) }
    }

    /// Runs an admitted stream's connection, counted as opened and, while it runs, open.
    func countingOpen(_ connection: () async -> Void) async {
        update {
            $0.opened += 1
            $0.open += 1
        }
        defer { update { $0.open -= 1 } }
        await connection()
    }

    func record(job report: StreamRecognizer.Report, seconds: Double) {
        state.withLock {
            $0.snapshot.jobs += 1
            $0.snapshot.jobSeconds += seconds
            $0.snapshot.processCalls += report.processCalls - report.probeProcessCalls
            $0.snapshot.probeProcessCalls += report.probeProcessCalls
        }
    }

    func record(_ utterance: StreamUtterance, latency: Double) {
        state.withLock {
            $0.snapshot.utterances += 1
            $0.snapshot.lastUtterance = utterance
            $0.latencies.record(latency)
        }
    }

    package var snapshot: Snapshot {
        state.withLock { state in
            var snapshot = state.snapshot
            let p = state.latencies.percentiles([0.5, 0.95, 0.99])
            (snapshot.latencyP50, snapshot.latencyP95, snapshot.latencyP99) = (p[0], p[1], p[2])
            return snapshot
        }
    }
}
