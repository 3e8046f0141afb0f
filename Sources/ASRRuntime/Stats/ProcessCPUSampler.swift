import Foundation
import Synchronization

/// The process's own CPU use between two samples, from /proc/self/stat (utime + stime), in
/// percent of one core (200 % = two cores busy).
package final class ProcessCPUSampler: Sendable {
    private let last = Mutex<(ticks: Int, at: ContinuousClock.Instant)?>(nil)
    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    package init() {}

    /// CPU percent since the previous call (0 on the first).
    package func sample() -> Double {
        guard let ticks = Self.cpuTicks() else { return 0 }
        let now = ContinuousClock.now
        return last.withLock { last in
            defer { last = (ticks, now) }
            guard let previous = last else { return 0 }
            let elapsed = (now - previous.at).seconds
            guard elapsed > 0 else { return 0 }
            return Double(ticks - previous.ticks) / Self.ticksPerSecond / elapsed * 100
        }
    }

    /// utime + stime of this process, in clock ticks.
    static func cpuTicks() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }
}
