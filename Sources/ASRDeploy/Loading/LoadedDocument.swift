import Foundation
import Yams

/// One configuration file, parsed and mapped onto settings.
package struct LoadedDocument: Sendable {
    /// The path as it is shown in messages.
    package let file: String
    package let assignments: [Assignment]
    package let diagnostics: [Diagnostic]
    /// `auto:` metadata of a preset file, when present (min_devices, max_devices, host_memory_below_mb).
    package let autoSelection: [String: Int]
    /// `description:` metadata, when present.
    package let summary: String?

    /// Parses `text` (the contents of `file`). Syntax errors become an error diagnostic with
    /// the line and column the YAML parser reports; nothing is thrown.
    package init(file: String, text: String) {
        self.file = file
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            self.assignments = []
            self.diagnostics = [LoadedDocument.diagnostic(for: error, file: file)]
            self.autoSelection = [:]
            self.summary = nil
            return
        } catch {
            self.assignments = []
            self.diagnostics = [Diagnostic(.error, at: nil, key: nil, "\(file): \(error)")]
            self.autoSelection = [:]
            self.summary = nil
            return
        }
        guard let node, node.mapping != nil else {
            self.assignments = []
            self.diagnostics =
                node == nil
                ? []
                : [
                    Diagnostic(
                        .error,
                        at: SourceLocation(file: file, line: 1, column: 1),
                        key: nil,
                        "expected a mapping of keys at the top of the file"
                    )
                ]
            self.autoSelection = [:]
            self.summary = nil
            return
        }
        var walker = DocumentWalker(file: file)
        walker.walk(node, rule: ProfileSchema.document, path: [])
        self.assignments = walker.assignments
        self.diagnostics = walker.diagnostics
        var auto: [String: Int] = [:]
        for (key, value) in node.mapping?["auto"]?.mapping ?? [:] {
            if let name = key.string, let number = value.int { auto[name] = number }
        }
        self.autoSelection = auto
        self.summary = node.mapping?["description"]?.string
    }

    /// Reads and parses the file at `url`, shown in messages as `displayPath`.
    package static func read(_ url: URL, displayPath: String? = nil) throws -> LoadedDocument {
        let shown = displayPath ?? url.path
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigurationError([Diagnostic(.error, at: nil, key: nil, "cannot read \(shown): \(error.localizedDescription)")])
        }
        return LoadedDocument(file: shown, text: text)
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _),
            let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return Diagnostic(
                .error,
                at: SourceLocation(file: file, line: mark.line, column: mark.column),
                key: nil,
                "YAML syntax: \(detail)"
            )
        default:
            return Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1), key: nil, "YAML: \(error)")
        }
    }
}
