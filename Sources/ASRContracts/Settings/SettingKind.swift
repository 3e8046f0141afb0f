import Foundation

/// The type and allowed values of a setting.
package enum SettingKind: Sendable, Hashable {
    /// A whole number within the range; with `multipleOf`, divisible by it.
    case integer(ClosedRange<Int>, multipleOf: Int? = nil)
    /// A number within the range.
    case decimal(ClosedRange<Double>)
    /// `true`/`false` (also accepts `1`/`0`, `yes`/`no`, `on`/`off`).
    case boolean
    /// Free text.
    case text
    /// One of a fixed list of words.
    case choice([String])
    /// A memory size in Docker's or Redis's units, within a range of bytes.
    case size(ByteSize.Dialect, ClosedRange<UInt64>)
    /// A Docker duration such as `30s`, `1m30s`, `500ms`.
    case duration
    /// A CPU list such as `0-2` or `0,2-3`.
    case cpuset
    /// A list of words (e.g. a healthcheck test command).
    case list

    /// What is allowed, for error messages.
    package var allowed: String {
        switch self {
        case .integer(let range, let multiple):
            let base = "an integer in \(range.lowerBound)...\(range.upperBound)"
            return multiple.map { "\(base), a multiple of \($0)" } ?? base
        case .decimal(let range):
            return "a number in \(Self.format(range.lowerBound))...\(Self.format(range.upperBound))"
        case .boolean: return "true or false"
        case .text: return "text"
        case .choice(let words): return "one of \(words.joined(separator: ", "))"
        case .size(let dialect, let range):
            let units = dialect == .docker ? "k/m/g, powers of 1024" : "kb/mb/gb (1024) or k/m/g (1000)"
            return
                "a size (\(units)) from \(ByteSize(bytes: range.lowerBound, text: "").humanReadable) to \(ByteSize(bytes: range.upperBound, text: "").humanReadable)"
        case .duration: return "a duration such as 30s, 1m30s or 500ms"
        case .cpuset: return "a CPU list such as 0-2 or 0,2-3"
        case .list: return "a list of words"
        }
    }

    /// `2.5`, `2` (not `2.0`): how decimals are written back into profiles and Compose files.
    package static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
