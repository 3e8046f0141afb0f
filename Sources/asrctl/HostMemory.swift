import Foundation

/// This host's total memory, from /proc/meminfo.
enum HostMemory {
    static func totalMB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
              let kb = line.split(separator: " ").compactMap({ Int($0) }).first else { return 0 }
        return kb / 1024
    }
}
