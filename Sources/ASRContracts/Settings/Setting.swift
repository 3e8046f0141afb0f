import Foundation

/// One configurable value: a runtime setting (an `ASR_*` environment variable the service reads
/// and enforces) or a container, Redis, network or monitor setting of a deployment. Profiles,
/// presets, `--values` files, `--set` and the runtime's environment all resolve to settings.
package struct Setting: Sendable, Hashable, Identifiable {
    /// `ASR_*` for runtime settings (the environment variable), a dotted name
    /// (`container.cpus_limit`) otherwise.
    package let id: String
    /// Type and allowed values.
    package let kind: SettingKind
    /// The value used when nothing sets it; `nil` means "not set" (nothing is rendered for it).
    package let defaultValue: SettingValue?
    /// Unit shown next to values (`MB`, `s`, `bytes`), if any.
    package let unit: String?
    /// What the setting does, in one sentence an operator understands.
    package let doc: String

    package init(_ id: String, _ kind: SettingKind, default defaultValue: SettingValue?, unit: String? = nil, doc: String) {
        self.id = id
        self.kind = kind
        self.defaultValue = defaultValue
        self.unit = unit
        self.doc = doc
    }

    /// Parses and range-checks a raw value (a YAML scalar, an environment value or `--set`).
    /// - Throws: an error naming the setting and what it allows.
    package func parse(_ raw: String) throws(SettingValueError) -> SettingValue {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let failure = SettingValueError(setting: id, value: raw, allowed: kind.allowed)
        switch kind {
        case .integer(let range, let multiple):
            guard let value = Int(text), range.contains(value), multiple.map({ value % $0 == 0 }) ?? true else { throw failure }
            return .integer(value)
        case .decimal(let range):
            guard let value = Double(text), value.isFinite, range.contains(value) else { throw failure }
            return .decimal(value)
        case .boolean:
            switch text.lowercased() {
            case "true", "1", "yes", "on": return .boolean(true)
            case "false", "0", "no", "off": return .boolean(false)
            default: throw failure
            }
        case .text:
            return .text(text)
        case .choice(let words):
            guard let word = words.first(where: { $0.caseInsensitiveCompare(text) == .orderedSame }) else { throw failure }
            return .text(word)
        case .size(let dialect, let range):
            guard let size = ByteSize(parsing: text, dialect: dialect), range.contains(size.bytes) else { throw failure }
            return .size(size)
        case .duration:
            guard text.range(of: #"^([0-9]+(ms|us|s|m|h))+$"#, options: .regularExpression) != nil else { throw failure }
            return .text(text)
        case .cpuset:
            do {
                return .cpuset(try CPUSet(parsing: text))
            } catch {
                throw SettingValueError(setting: id, value: raw, allowed: "\(kind.allowed) (\(error.reason))")
            }
        case .list:
            return .list(text.split(separator: " ").map(String.init))
        }
    }
}
