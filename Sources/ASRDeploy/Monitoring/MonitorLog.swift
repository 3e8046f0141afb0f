import Foundation

/// A monitor log as `asrctl analyze` reads it: asrctl's JSON lines, and the guide's own
/// monitor text log, whose alert lines carry `告警:`.
public struct MonitorLog: Sendable {
    /// An alert line of the guide's text log.
    public struct TextAlert: Sendable, Equatable {
        public var timestamp: Date?
        public var kind: String
        public var message: String
    }

    public var samples: [MonitorSample] = []
    public var textAlerts: [TextAlert] = []
    /// Lines that were neither.
    public var skippedLines = 0

    public init(samples: [MonitorSample] = [], textAlerts: [TextAlert] = [], skippedLines: Int = 0) {
        self.samples = samples
        self.textAlerts = textAlerts
        self.skippedLines = skippedLines
    }

    /// Parses the log's text; lines older than `since` are dropped.
    public init(text: String, since: Date? = nil) {
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("{"), let sample = try? MonitorSample.parse(trimmed) {
                if since.map({ sample.timestamp >= $0 }) ?? true { samples.append(sample) }
            } else if let range = trimmed.range(of: "告警") {
                var message = String(trimmed[range.upperBound...])
                while let first = message.first, first == ":" || first == "：" || first == " " { message.removeFirst() }
                let timestamp = Self.leadingDate(trimmed)
                if let since, let timestamp, timestamp < since { continue }
                textAlerts.append(TextAlert(timestamp: timestamp, kind: Self.classify(message), message: message))
            } else {
                skippedLines += 1
            }
        }
        samples.sort { $0.timestamp < $1.timestamp }
    }

    /// The alert kind a free-text (Chinese or English) alert message describes.
    static func classify(_ message: String) -> String {
        let text = message.lowercased()
        let rules: [(MonitorAlert.Kind, [String])] = [
            (.responseTime, ["响应时间", "延迟", "response", "latency"]),
            (.cacheHitRate, ["命中率", "hit rate", "cache"]),
            (.serviceMemory, ["内存", "memory"]),
            (.cpu, ["cpu"]),
            (.errorRate, ["错误率", "error"]),
            (.serviceDown, ["服务", "不可用", "down", "unreachable", "连接"]),
        ]
        for (kind, words) in rules where words.contains(where: { text.contains($0) }) { return kind.rawValue }
        return "other"
    }

    /// A `yyyy-MM-dd HH:mm:ss` (or ISO-8601) time at the start of a line.
    static func leadingDate(_ line: String) -> Date? {
        let iso = ISO8601DateFormatter()
        if let token = line.split(separator: " ").first, let date = iso.date(from: String(token)) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.date(from: String(line.prefix(19)))
    }
}
