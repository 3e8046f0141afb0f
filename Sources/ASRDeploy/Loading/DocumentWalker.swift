import ASRContracts
import Foundation
import Yams

/// Walks one parsed YAML document against the key rules, collecting setting assignments and
/// diagnostics with the line and column of every key and value.
struct DocumentWalker {
    let file: String
    private(set) var assignments: [Assignment] = []
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    func location(of node: Node) -> SourceLocation? {
        node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
    }

    static func keyPath(_ path: [String]) -> String { path.joined(separator: ".") }

    mutating func report(_ severity: Diagnostic.Severity, _ node: Node, _ path: [String], _ message: String) {
        diagnostics.append(Diagnostic(severity, at: location(of: node), key: Self.keyPath(path), message))
    }

    /// Applies `rule` to `node`, found at `path`.
    mutating func walk(_ node: Node, rule: KeyRule, path: [String]) {
        switch rule {
        case .setting(let id):
            assign(id, node: node, path: path)
        case .section(let children, let other):
            guard let mapping = node.mapping else {
                report(.error, node, path, "expected a mapping of keys, found \(Self.describe(node))")
                return
            }
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? ""
                if let child = children[key] ?? other {
                    walk(value, rule: child, path: path + [key])
                } else {
                    var message = "unknown key, ignored"
                    let close = children.keys.filter { EditDistance.between($0, key) <= max(2, key.count / 4) }.sorted()
                    if !close.isEmpty { message += "; did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))?" }
                    report(.warning, keyNode, path + [key], message)
                }
            }
        case .noEffect(let reason):
            reportNoEffect(node, path: path, reason: reason)
        case .ignored(let reason):
            report(.noEffect, node, path, reason)
        case .environment:
            walkEnvironment(node, path: path)
        case .metadata:
            break
        case .custom(let handler):
            handler(&self, node, path)
        }
    }

    private mutating func reportNoEffect(_ node: Node, path: [String], reason: String) {
        if let mapping = node.mapping {
            for (keyNode, value) in mapping {
                reportNoEffect(value, path: path + [keyNode.string ?? ""], reason: reason)
            }
        } else {
            report(.noEffect, node, path, reason)
        }
    }

    /// Assigns the scalar (or, for list settings, sequence) `node` to setting `id`.
    mutating func assign(_ id: String, node: Node, path: [String]) {
        guard let setting = SettingsCatalog.setting(id) else {
            report(.error, node, path, "internal: no setting \(id)")
            return
        }
        let raw: String
        if case .list = setting.kind, let sequence = node.sequence {
            let words = sequence.compactMap(\.string)
            guard words.count == sequence.count else {
                report(.error, node, path, "expected a list of words, found \(Self.describe(node))")
                return
            }
            assign(id, value: .list(words), node: node, path: path)
            return
        } else if let scalar = node.scalar {
            raw = scalar.string
        } else {
            report(.error, node, path, "expected \(setting.kind.allowed), found \(Self.describe(node))")
            return
        }
        assign(id, raw: raw, node: node, path: path)
    }

    /// Assigns an already typed value to setting `id`, found at `node`.
    mutating func assign(_ id: String, value: SettingValue, node: Node, path: [String]) {
        append(Assignment(settingID: id, value: value, key: Self.keyPath(path), location: location(of: node)))
    }

    /// Assigns a raw text value to setting `id`, reporting a range or type error at `node`.
    mutating func assign(_ id: String, raw: String, node: Node, path: [String]) {
        guard let setting = SettingsCatalog.setting(id) else { return }
        do {
            let value = try setting.parse(raw)
            assign(id, value: value, node: node, path: path)
        } catch {
            let shown = raw.isEmpty ? "an empty value" : "\"\(raw)\""
            report(.error, node, path, "\(shown) is not allowed (\(id)); expected \(error.allowed)")
        }
    }

    private mutating func append(_ assignment: Assignment) {
        if let earlier = assignments.last(where: { $0.settingID == assignment.settingID }), earlier.value != assignment.value {
            let where_ = earlier.location.map { "\($0.line):\($0.column)" } ?? "?"
            diagnostics.append(
                Diagnostic(
                    .warning,
                    at: assignment.location,
                    key: assignment.key,
                    "sets \(assignment.settingID) to \(assignment.value), but \(earlier.key) (line \(where_)) set it to \(earlier.value) in the same file; the later value \(assignment.value) wins"
                )
            )
        }
        assignments.append(assignment)
    }

    /// Environment variables, as a mapping or as a Compose list of `KEY=VALUE`.
    mutating func walkEnvironment(_ node: Node, path: [String]) {
        if let mapping = node.mapping {
            for (keyNode, value) in mapping {
                let name = keyNode.string ?? ""
                guard let raw = value.scalar?.string else {
                    report(.error, value, path + [name], "expected a value, found \(Self.describe(value))")
                    continue
                }
                applyEnvironment(name: name, raw: raw, node: value, keyNode: keyNode, path: path + [name])
            }
        } else if let sequence = node.sequence {
            for item in sequence {
                guard let entry = item.string else {
                    report(.error, item, path, "expected KEY=VALUE, found \(Self.describe(item))")
                    continue
                }
                let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0]).trimmingCharacters(in: .whitespaces)
                applyEnvironment(name: name, raw: parts.count > 1 ? String(parts[1]) : "", node: item, keyNode: item, path: path + [name])
            }
        } else {
            report(.error, node, path, "expected environment variables as a mapping or a list of KEY=VALUE, found \(Self.describe(node))")
        }
    }

    private mutating func applyEnvironment(name: String, raw: String, node: Node, keyNode: Node, path: [String]) {
        switch EnvironmentRules.rule(for: name) {
        case .setting(let id):
            assign(id, raw: raw, node: node, path: path)
        case .noEffect(let reason):
            report(.noEffect, keyNode, path, reason)
        case .unknown(let suggestions):
            var message = "unknown environment variable, ignored"
            if !suggestions.isEmpty { message += "; did you mean \(suggestions.joined(separator: " or "))?" }
            report(.warning, keyNode, path, message)
        }
    }

    /// A short description of a node's shape for type errors.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.string.isEmpty ? "an empty value" : "\"\(scalar.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}
