/// A typed value of a runtime knob.
public enum KnobValue: Sendable, Hashable, CustomStringConvertible {
    case integer(Int)
    case boolean(Bool)
    case string(String)

    /// The value as it is written into an environment variable.
    public var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .boolean(let value): return value ? "true" : "false"
        case .string(let value): return value
        }
    }

    /// The integer payload, if this is an integer.
    public var intValue: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The boolean payload, if this is a boolean.
    public var boolValue: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }

    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
