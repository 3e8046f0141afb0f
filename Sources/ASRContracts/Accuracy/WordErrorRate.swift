/// Word error rate: the word-level Levenshtein distance between a reference transcript and a
/// hypothesis, split into substitutions, deletions and insertions, over the reference length.
///
/// Values add up across utterances (`+`, `add`) so a corpus rate weighs every word equally.
/// Both texts are normalised first (see `normalize(_:)`).
public struct WordErrorRate: Sendable, Hashable, CustomStringConvertible {
    /// Reference words replaced by another word.
    public var substitutions = 0
    /// Reference words missing from the hypothesis.
    public var deletions = 0
    /// Hypothesis words not in the reference.
    public var insertions = 0
    /// Words in the reference.
    public var referenceWords = 0

    /// No utterances yet: 0 errors over 0 words.
    public init() {}

    /// The error counts of one utterance.
    public init(reference: String, hypothesis: String) {
        let reference = Self.normalize(reference)
        let hypothesis = Self.normalize(hypothesis)
        referenceWords = reference.count
        (substitutions, deletions, insertions) = Self.align(reference, hypothesis)
    }

    /// Substitutions + deletions + insertions.
    public var errors: Int { substitutions + deletions + insertions }

    /// Errors over reference words (can exceed 1 with many insertions); 0 for an empty
    /// reference with an empty hypothesis, 1 for an empty reference with any words.
    public var rate: Double {
        guard referenceWords > 0 else { return errors == 0 ? 0 : 1 }
        return Double(errors) / Double(referenceWords)
    }

    /// Adds one utterance's counts.
    public mutating func add(reference: String, hypothesis: String) {
        self = self + WordErrorRate(reference: reference, hypothesis: hypothesis)
    }

    public static func + (lhs: WordErrorRate, rhs: WordErrorRate) -> WordErrorRate {
        var sum = lhs
        sum.substitutions += rhs.substitutions
        sum.deletions += rhs.deletions
        sum.insertions += rhs.insertions
        sum.referenceWords += rhs.referenceWords
        return sum
    }

    /// e.g. `21.7 % (20 errors: 12 sub, 6 del, 2 ins / 92 words)`.
    public var description: String {
        let percent = (rate * 1000).rounded() / 10
        return
            "\(percent) % (\(errors) \(errors == 1 ? "error" : "errors"): \(substitutions) sub, \(deletions) del, \(insertions) ins / \(referenceWords) words)"
    }

    /// Spoken forms of abbreviations that recognisers and transcripts spell differently.
    public static let abbreviations: [String: String] = ["mr": "mister", "mrs": "missus", "dr": "doctor"]

    /// Words of `text` as scored: lower-cased; sentence markers and fillers (`<s>`, `</s>`,
    /// `<sil>`, `[NOISE]`, `++NOISE++`) and pronunciation variants (`was(2)` → `was`) removed;
    /// punctuation other than in-word apostrophes turned into word breaks (a comma between digits,
    /// `1,000`, dropped); numbers written in digits spelled out (`10` → `ten`, see `NumberWords`);
    /// and abbreviations spelled out (`mr` → `mister`).
    public static func normalize(_ text: String) -> [String] {
        var words: [String] = []
        for token in text.lowercased().split(whereSeparator: \.isWhitespace) {
            guard let first = token.first, !"<[+".contains(first) else { continue }
            var token = Substring(token)
            if token.hasSuffix(")"), let open = token.lastIndex(of: "("),
                token[token.index(after: open)..<token.index(before: token.endIndex)].allSatisfy(\.isNumber)
            {
                token = token[..<open]
            }
            var cleaned = ""
            for index in token.indices {
                let character = token[index]
                if character.isLetter || character.isNumber || character == "'" {
                    cleaned.append(character)
                } else if !(character == "," && Self.isBetweenDigits(index, in: token)) {
                    cleaned.append(" ")
                }
            }
            for word in cleaned.split(separator: " ") {
                let trimmed = String(word.drop { $0 == "'" }.reversed().drop { $0 == "'" }.reversed())
                guard !trimmed.isEmpty else { continue }
                if let spelled = NumberWords.words(trimmed) {
                    words += spelled
                } else {
                    words.append(abbreviations[trimmed] ?? trimmed)
                }
            }
        }
        return words
    }

    /// Whether the character at `index` has a digit on each side (`1,000`).
    private static func isBetweenDigits(_ index: Substring.Index, in token: Substring) -> Bool {
        guard index > token.startIndex, token.index(after: index) < token.endIndex else { return false }
        return token[token.index(before: index)].isWholeNumber && token[token.index(after: index)].isWholeNumber
    }

    /// Minimum-edit alignment; returns (substitutions, deletions, insertions).
    private static func align(_ reference: [String], _ hypothesis: [String]) -> (Int, Int, Int) {
        struct Cell { var cost = 0, sub = 0, del = 0, ins = 0 }
        let columns = hypothesis.count + 1
        var previous = (0..<columns).map { Cell(cost: $0, ins: $0) }
        var current = previous
        for row in stride(from: 1, through: reference.count, by: 1) {
            current[0] = Cell(cost: row, del: row)
            for column in 1..<columns {
                var best = previous[column - 1]
                if reference[row - 1] != hypothesis[column - 1] {
                    best.cost += 1
                    best.sub += 1
                }
                var deletion = previous[column]
                deletion.cost += 1
                deletion.del += 1
                if deletion.cost < best.cost { best = deletion }
                var insertion = current[column - 1]
                insertion.cost += 1
                insertion.ins += 1
                if insertion.cost < best.cost { best = insertion }
                current[column] = best
            }
            swap(&previous, &current)
        }
        let last = previous[columns - 1]
        return (last.sub, last.del, last.ins)
    }
}
