import ASRContracts
import Foundation

/// One configurable value of a deployment: a runtime knob (`ASR_*`) or a container, Redis or
/// monitor setting. Profiles, presets, `--values` files and `--set` all resolve to settings.
package struct Setting: Sendable, Identifiable {
    /// `ASR_*` for runtime knobs, a dotted name (`container.cpus_limit`) otherwise.
    package let id: String
    package let kind: SettingKind
    /// The built-in default; `nil` means "not set" (nothing is rendered for it).
    package let defaultValue: SettingValue?
    package let unit: String?
    package let doc: String
    /// The runtime knob this setting is, if it is one.
    package let knob: Knob?

    package init(_ id: String, _ kind: SettingKind, default defaultValue: SettingValue?, unit: String? = nil, doc: String) {
        self.id = id
        self.kind = kind
        self.defaultValue = defaultValue
        self.unit = unit
        self.doc = doc
        self.knob = nil
    }

    /// The setting for a runtime knob, with the knob's kind, range and default.
    package init(knob: Knob) {
        self.id = knob.env
        self.kind = SettingKind(knob.kind)
        self.defaultValue = Setting.value(of: knob.defaultValue)
        self.unit = knob.unit
        self.doc = knob.doc
        self.knob = knob
    }

    /// Parses and range-checks a raw value (a YAML scalar, an environment value or `--set`).
    /// - Returns: the value, or an error naming the setting and what it allows.
    package func parse(_ raw: String) -> Result<SettingValue, SettingValueError> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let failure = Result<SettingValue, SettingValueError>.failure(
            SettingValueError(setting: id, value: raw, allowed: kind.allowed)
        )
        switch kind {
        case .integer(let range, let multiple):
            guard let value = Int(text), range.contains(value), multiple.map({ value % $0 == 0 }) ?? true else {
                return failure
            }
            return .success(.integer(value))
        case .decimal(let range):
            guard let value = Double(text), value.isFinite, range.contains(value) else { return failure }
            return .success(.decimal(value))
        case .boolean:
            switch text.lowercased() {
            case "true", "1", "yes", "on": return .success(.boolean(true))
            case "false", "0", "no", "off": return .success(.boolean(false))
            default: return failure
            }
        case .text:
            return .success(.text(text))
        case .choice(let words):
            guard let word = words.first(where: { $0.caseInsensitiveCompare(text) == .orderedSame }) else { return failure }
            return .success(.text(word))
        case .size(let dialect, let range):
            guard let size = ByteSize(parsing: text, dialect: dialect), range.contains(size.bytes) else { return failure }
            return .success(.size(size))
        case .duration:
            guard text.range(of: #"^([0-9]+(ms|us|s|m|h))+$"#, options: .regularExpression) != nil else { return failure }
            return .success(.text(text))
        case .cpuset:
            do {
                return .success(.text(try CPUSet(parsing: text).text))
            } catch {
                return .failure(SettingValueError(setting: id, value: raw, allowed: "\(kind.allowed) (\(error.reason))"))
            }
        case .list:
            return .success(.list(text.split(separator: " ").map(String.init)))
        }
    }

    /// Converts a knob value into a setting value.
    static func value(of knobValue: KnobValue) -> SettingValue {
        switch knobValue {
        case .integer(let value): return .integer(value)
        case .boolean(let value): return .boolean(value)
        case .string(let value): return .text(value)
        }
    }
}
