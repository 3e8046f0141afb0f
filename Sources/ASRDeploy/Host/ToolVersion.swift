/// A dotted numeric version read from a tool's output, compared component by component.
///
/// Parses what `docker`, `docker-compose` and `python3` print: `28.2.2`, `1.29.2`,
/// `v2.20.3`, `20.10.7+dfsg1`, `19.03.13-ce`, `Docker version 20.10.7, build f0df350`,
/// `Python 3.11.2`. The first run of digits and dots is the version; a pre-release or build
/// suffix (`-ce`, `+dfsg1`, `-desktop.1`) is kept in `text` but ignored when comparing.
/// Missing components count as zero, so `1.29` equals `1.29.0`.
package struct ToolVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The numeric components, e.g. `[20, 10, 7]` for `20.10.7+dfsg1`.
    package let components: [Int]
    /// The version token as the tool printed it, e.g. `20.10.7+dfsg1` (without a leading `v`).
    package let text: String

    /// Reads the first version in `output`; `nil` when it contains none.
    package init?(_ output: String) {
        guard let start = output.firstIndex(where: \.isASCIIDigit) else { return nil }
        let token = output[start...].prefix { !$0.isWhitespace && $0 != "," && $0 != ")" }
        let numeric = token.prefix { $0.isASCIIDigit || $0 == "." }
        var components: [Int] = []
        for part in numeric.split(separator: ".", omittingEmptySubsequences: false) {
            // "1..2" or a trailing dot ends the numeric run.
            guard !part.isEmpty, let value = Int(part) else { break }
            components.append(value)
        }
        guard !components.isEmpty else { return nil }
        self.components = components
        self.text = String(token)
    }

    /// A version made of the given components, e.g. `ToolVersion(20, 10)`.
    package init(_ major: Int, _ rest: Int...) {
        components = [major] + rest
        text = components.map(String.init).joined(separator: ".")
    }

    package var description: String { text }

    /// The components with trailing zeros removed, so equal versions compare and hash alike.
    private var significantComponents: ArraySlice<Int> {
        var slice = components[...]
        while let last = slice.last, last == 0 { slice = slice.dropLast() }
        return slice
    }

    package static func == (lhs: ToolVersion, rhs: ToolVersion) -> Bool {
        lhs.significantComponents == rhs.significantComponents
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(Array(significantComponents))
    }

    package static func < (lhs: ToolVersion, rhs: ToolVersion) -> Bool {
        let count = max(lhs.components.count, rhs.components.count)
        for index in 0..<count {
            let left = index < lhs.components.count ? lhs.components[index] : 0
            let right = index < rhs.components.count ? rhs.components[index] : 0
            if left != right { return left < right }
        }
        return false
    }
}

extension Character {
    /// `0`–`9` only: `Character.isNumber` also accepts other scripts' digits and fractions.
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
