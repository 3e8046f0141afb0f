/// A finding about configuration: an error that stops the command, a warning, or a key that
/// is read but has no effect on this runtime.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error
        case warning
        case noEffect = "no effect"

        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public let severity: Severity
    package let location: SourceLocation?
    /// The key path (`asr_memory_optimization.memory_management.max_memory_mb`) or setting id.
    public let key: String?
    public let message: String
    /// What to do about it, where there is a known fix.
    public let hint: String?

    package init(_ severity: Severity, at location: SourceLocation?, key: String?, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.location = location
        self.key = key
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: severity: key: message; hint: …`, the form compilers use so editors can
    /// jump to it.
    public var description: String {
        var parts: [String] = []
        if let location { parts.append(location.description) }
        parts.append(severity.rawValue)
        if let key { parts.append(key) }
        parts.append(message)
        return parts.joined(separator: ": ") + (hint.map { "; hint: \($0)" } ?? "")
    }
}
