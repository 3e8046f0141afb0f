import Foundation

/// `asrctl maintain`'s log cleanup: removes `*.log` files (and rotated `*.log.N`, `*.log.gz`)
/// older than a cutoff under the given directories, as the guide's
/// `find logs/ -name "*.log" -mtime +30 -delete` does, reporting each file and the bytes freed.
public struct LogCleanup: Sendable {
    /// One file removed (or, in a dry run, that would be).
    public struct Removal: Sendable, Equatable, Codable {
        public var path: String
        public var bytes: Int
        public var modified: Date
    }

    public let directories: [URL]
    public let olderThan: TimeInterval

    public init(directories: [URL], olderThan: TimeInterval) {
        self.directories = directories
        self.olderThan = olderThan
    }

    /// Removes (unless `dryRun`) every matching log file last modified before `now - olderThan`.
    public func run(now: Date = Date(), dryRun: Bool = false) throws -> [Removal] {
        let cutoff = now.addingTimeInterval(-olderThan)
        var removals: [Removal] = []
        for directory in directories {
            guard
                let walker = FileManager.default.enumerator(
                    at: directory,
                    includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey]
                )
            else { continue }
            for case let url as URL in walker where Self.isLog(url.lastPathComponent) {
                let values = try url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey])
                guard values.isRegularFile == true, let modified = values.contentModificationDate, modified < cutoff else { continue }
                if !dryRun { try FileManager.default.removeItem(at: url) }
                removals.append(Removal(path: url.path, bytes: values.fileSize ?? 0, modified: modified))
            }
        }
        return removals.sorted { $0.path < $1.path }
    }

    /// `x.log`, `x.log.1`, `x.log.gz`.
    static func isLog(_ name: String) -> Bool {
        guard let range = name.range(of: ".log") else { return false }
        let rest = name[range.upperBound...]
        return rest.isEmpty || rest == ".gz" || (rest.first == "." && rest.dropFirst().allSatisfy(\.isNumber) && rest.count > 1)
    }

    /// Parses `30d`, `12h`, `90m` or plain days (`30`).
    public static func parseAge(_ text: String) -> TimeInterval? {
        let units: [Character: Double] = ["d": 86400, "h": 3600, "m": 60]
        if let unit = text.last.flatMap({ units[$0] }), let amount = Double(text.dropLast()), amount >= 0 { return amount * unit }
        return Double(text).map { $0 * 86400 }
    }
}
