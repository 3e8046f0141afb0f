/// The type and allowed values of a runtime knob.
public enum KnobKind: Sendable, Hashable {
    /// A whole number within `range`; when `multipleOf` is set the value must be divisible by it.
    case integer(ClosedRange<Int>, multipleOf: Int? = nil)
    /// `true`/`false` (also accepts `1`/`0`, `yes`/`no`, `on`/`off`).
    case boolean
    /// Free text.
    case string

    /// A short human description of what is allowed, used in error messages.
    public var allowed: String {
        switch self {
        case .integer(let range, let multiple):
            let base = "an integer in \(range.lowerBound)...\(range.upperBound)"
            return multiple.map { "\(base), a multiple of \($0)" } ?? base
        case .boolean: return "true or false"
        case .string: return "text"
        }
    }
}
