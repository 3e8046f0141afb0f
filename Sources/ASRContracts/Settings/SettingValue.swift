/// A typed setting value.
package enum SettingValue: Sendable, Hashable, CustomStringConvertible {
    case integer(Int)
    case decimal(Double)
    case boolean(Bool)
    case text(String)
    case size(ByteSize)
    case cpuset(CPUSet)
    case list([String])

    /// The value as written in a profile, an environment file or a command line.
    package var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .decimal(let value): return SettingKind.format(value)
        case .boolean(let value): return value ? "true" : "false"
        case .text(let value): return value
        case .size(let value): return value.text
        case .cpuset(let value): return value.text
        case .list(let words): return "[" + words.joined(separator: ", ") + "]"
        }
    }

    package var intValue: Int? { if case .integer(let v) = self { return v } else { return nil } }
    package var doubleValue: Double? {
        switch self {
        case .decimal(let v): return v
        case .integer(let v): return Double(v)
        default: return nil
        }
    }
    package var boolValue: Bool? { if case .boolean(let v) = self { return v } else { return nil } }
    package var textValue: String? { if case .text(let v) = self { return v } else { return nil } }
    package var sizeValue: ByteSize? { if case .size(let v) = self { return v } else { return nil } }
    package var cpusetValue: CPUSet? { if case .cpuset(let v) = self { return v } else { return nil } }
    package var listValue: [String]? { if case .list(let v) = self { return v } else { return nil } }
}
