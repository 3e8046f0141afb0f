import Foundation

/// One line of a CMU Sphinx transcription file (`<s> go forward ten meters </s> (goforward)`),
/// as shipped with the test corpora in `pocketsphinx-testdata`; used by tests and benchmarks
/// to score recognition against what was actually said.
public struct ReferenceTranscript: Sendable, Hashable {
    /// Utterance id (the file name without extension), from the trailing parentheses.
    public var id: String
    /// What was said, without `<s>`/`</s>` markers.
    public var text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }

    /// Parses a transcription file; lines without a trailing `(id)` are skipped.
    public static func parse(_ contents: String) -> [ReferenceTranscript] {
        contents.split(whereSeparator: \.isNewline).compactMap { line in
            let line = line.trimmingCharacters(in: .whitespaces)
            guard line.hasSuffix(")"), let open = line.lastIndex(of: "(") else { return nil }
            let id = line[line.index(after: open)..<line.index(before: line.endIndex)]
            let words = line[..<open].split(separator: " ").filter { $0 != "<s>" && $0 != "</s>" }
            guard !id.isEmpty else { return nil }
            return ReferenceTranscript(id: String(id), text: words.joined(separator: " "))
        }
    }
}
