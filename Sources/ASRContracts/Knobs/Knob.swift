import Foundation

/// One runtime knob: an `ASR_*` environment variable the service reads and enforces.
public struct Knob: Sendable, Hashable, Identifiable {
    /// The environment variable name, e.g. `ASR_QUEUE_SIZE`.
    public let env: String
    /// Type and allowed range.
    public let kind: KnobKind
    /// The value used when nothing sets the knob.
    public let defaultValue: KnobValue
    /// Unit shown next to values (`MB`, `s`, `bytes`), if any.
    public let unit: String?
    /// What the knob does, in one sentence an operator understands.
    public let doc: String

    public var id: String { env }

    public init(_ env: String, _ kind: KnobKind, default defaultValue: KnobValue, unit: String? = nil, doc: String) {
        self.env = env
        self.kind = kind
        self.defaultValue = defaultValue
        self.unit = unit
        self.doc = doc
    }

    /// Parses and range-checks a raw (environment or YAML scalar) value.
    public func parse(_ raw: String) throws(KnobError) -> KnobValue {
        let text = raw.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .integer(let range, let multiple):
            guard let value = Int(text), range.contains(value), multiple.map({ value % $0 == 0 }) ?? true else {
                throw KnobError(knob: env, value: raw, allowed: kind.allowed)
            }
            return .integer(value)
        case .boolean:
            switch text.lowercased() {
            case "true", "1", "yes", "on": return .boolean(true)
            case "false", "0", "no", "off": return .boolean(false)
            default: throw KnobError(knob: env, value: raw, allowed: kind.allowed)
            }
        case .string:
            return .string(text)
        }
    }
}
