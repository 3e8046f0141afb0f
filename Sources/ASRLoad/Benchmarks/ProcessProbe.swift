import ASRDeploy
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads a process's resident memory and CPU time from /proc.
package enum ProcessProbe {
    /// Resident memory in MB (/proc/<pid>/statm, as `asrctl status` reads it: the figure
    /// `VmRSS` shows), nil once the process is gone.
    package static func residentMB(_ pid: Int32) -> Double? {
        HostProbe.residentBytes(pid: pid).map { Double($0) / 1_048_576 }
    }

    /// User + system CPU seconds of the process so far (/proc/<pid>/stat fields 14 and 15).
    package static func cpuSeconds(_ pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // After the command name: state is field 3, utime field 14, stime field 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// CPU seconds the calling thread has used (`CLOCK_THREAD_CPUTIME_ID`).
    package static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The 1-minute load average (/proc/loadavg): how busy the machine was, for the record.
    package static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }
}
