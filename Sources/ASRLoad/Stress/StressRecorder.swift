import ASRContracts
import Synchronization

/// Collects what every simulated device saw, from all their tasks at once.
final class StressRecorder: Sendable {
    struct Totals: Sendable {
        var latencies: [Double] = []
        var wordErrors = WordErrorRate()
        var refusals: [String: Int] = [:]
        var failures: [String: Int] = [:]
        var started = 0
        var speechSeconds = 0.0
        var connectedDevices = 0
        var open = 0
    }

    private let totals = Mutex(Totals())

    func startedUtterance(seconds: Double) {
        totals.withLock {
            $0.started += 1
            $0.speechSeconds += seconds
        }
    }

    func record(_ outcome: StressOutcome) {
        totals.withLock { totals in
            switch outcome {
            case let .answered(reference, text, latency):
                totals.latencies.append(latency)
                totals.wordErrors.add(reference: reference, hypothesis: text)
            case .refused(let code):
                totals.refusals[code, default: 0] += 1
            case .failed(let reason):
                totals.failures[reason, default: 0] += 1
            }
        }
    }

    /// A device's session began (`true`) or ended (`false`).
    func session(open: Bool) {
        totals.withLock {
            if open { $0.connectedDevices += 1 }
            $0.open += open ? 1 : -1
        }
    }

    var snapshot: Totals { totals.withLock { $0 } }
}
