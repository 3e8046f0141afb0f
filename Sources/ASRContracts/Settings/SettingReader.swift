import Foundation

/// Typed reads of parsed setting values by id, for the typed views' initialisers
/// (`RuntimeConfiguration`, ASRDeploy's `DeploymentConfiguration`): the one place a setting is
/// looked up by its id. Values were parsed against their setting's kind before they got here, so
/// a missing value or one of another kind is a bug in a table or a view, and stops the program.
package struct SettingReader: Sendable {
    private let values: [String: SettingValue]

    /// - Parameter values: parsed values by setting id; a setting that is unset is absent.
    package init(_ values: [String: SettingValue]) {
        self.values = values
    }

    /// The value of `id`, `nil` when it is unset (only settings without a default can be).
    package func value(_ id: String) -> SettingValue? { values[id] }

    package func integer(_ id: String) -> Int { required(id, \.intValue) }
    package func decimal(_ id: String) -> Double { required(id, \.doubleValue) }
    package func boolean(_ id: String) -> Bool { required(id, \.boolValue) }
    package func text(_ id: String) -> String { required(id, \.textValue) }
    package func size(_ id: String) -> ByteSize { required(id, \.sizeValue) }
    package func cpuset(_ id: String) -> CPUSet { required(id, \.cpusetValue) }
    package func list(_ id: String) -> [String] { required(id, \.listValue) }

    /// A text setting holding a comma-separated list (`a, b,,c` → `["a", "b", "c"]`).
    package func commaSeparated(_ id: String) -> [String] {
        text(id).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func required<Value>(_ id: String, _ payload: (SettingValue) -> Value?) -> Value {
        guard let value = values[id], let typed = payload(value) else {
            preconditionFailure("setting \(id) has no \(Value.self) value (\(values[id].map(String.init(describing:)) ?? "unset"))")
        }
        return typed
    }
}
