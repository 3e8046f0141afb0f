/// Why a raw value cannot be used for a knob.
public struct KnobError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The knob's environment name.
    public let knob: String
    /// The offending raw value.
    public let value: String
    /// What the knob accepts.
    public let allowed: String

    public var description: String {
        "\(knob): \"\(value)\" is not allowed; expected \(allowed)"
    }
}
