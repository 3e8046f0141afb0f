import Foundation

/// A process as `/proc` knows it: its pid plus its start time (clock ticks after boot, field 22
/// of `/proc/<pid>/stat`). Pids are recycled; the pair is not, so `stop` never signals a process
/// that merely inherited a dead deployment's pid.
package struct ProcessIdentity: Sendable, Equatable, Codable {
    package var pid: Int32
    /// nil when it could not be read (a record written before start times were kept).
    package var startTicks: UInt64?

    package init(pid: Int32, startTicks: UInt64?) {
        self.pid = pid
        self.startTicks = startTicks
    }

    /// The process with `pid` now, or nil when there is none (or only a zombie).
    package static func of(_ pid: Int32) -> ProcessIdentity? {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM,
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let fields = stat.split(separator: ")").last?.split(separator: " ")
        else { return nil }
        // After "pid (comm)": state is field 3, starttime field 22.
        guard let state = fields.first, state != "Z" else { return nil }
        let startTicks = fields.count > 19 ? UInt64(fields[19]) : nil
        return ProcessIdentity(pid: pid, startTicks: startTicks)
    }

    /// Whether this very process still runs: the pid is alive and started when this one did.
    package var isRunning: Bool {
        guard let now = Self.of(pid) else { return false }
        guard let startTicks, let current = now.startTicks else { return true }
        return startTicks == current
    }

    /// The pid is alive but belongs to a process that started later than this one.
    package var wasReplaced: Bool {
        guard let startTicks, let now = Self.of(pid), let current = now.startTicks else { return false }
        return current != startTicks
    }
}
