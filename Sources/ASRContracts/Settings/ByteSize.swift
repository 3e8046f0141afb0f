import Foundation

/// A memory size as Docker or Redis write it (`4G`, `768M`, `512mb`), kept with its spelling.
///
/// Docker reads `k`/`m`/`g` (with or without `b`) as powers of 1024. Redis reads `kb`/`mb`/`gb`
/// as powers of 1024 but bare `k`/`m`/`g` as powers of 1000 — `--maxmemory 512m` is 512 000 000
/// bytes — so the dialect matters when a value moves between the two.
package struct ByteSize: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Which program's unit rules apply.
    package enum Dialect: String, Sendable, Hashable {
        case docker
        case redis
    }

    /// The size in bytes.
    package let bytes: UInt64
    /// The text as written in the profile (normalised to lower-case units for Redis).
    package let text: String

    package var description: String { text }

    /// Mebibytes, rounded down.
    package var mebibytes: UInt64 { bytes / (1024 * 1024) }

    package init(bytes: UInt64, text: String) {
        self.bytes = bytes
        self.text = text
    }

    /// Parses `text` under `dialect`'s unit rules; `nil` when it is not a size.
    package init?(parsing raw: String, dialect: Dialect) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let digits = text.prefix { $0.isNumber }
        guard !digits.isEmpty, let number = UInt64(digits) else { return nil }
        let unit = text.dropFirst(digits.count).lowercased()
        let multiplier: UInt64
        switch (dialect, unit) {
        case (_, ""), (_, "b"): multiplier = 1
        case (.docker, "k"), (.docker, "kb"), (.redis, "kb"): multiplier = 1 << 10
        case (.docker, "m"), (.docker, "mb"), (.redis, "mb"): multiplier = 1 << 20
        case (.docker, "g"), (.docker, "gb"), (.redis, "gb"): multiplier = 1 << 30
        case (.redis, "k"): multiplier = 1_000
        case (.redis, "m"): multiplier = 1_000_000
        case (.redis, "g"): multiplier = 1_000_000_000
        default: return nil
        }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        self.bytes = bytes
        self.text = dialect == .redis ? "\(digits)\(unit)" : text
    }

    package static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }

    /// A short human form in binary units (`1.5 GiB`, `768 MiB`).
    package var humanReadable: String {
        let mib = Double(bytes) / 1_048_576
        if mib >= 1024 {
            let gib = mib / 1024
            return gib == gib.rounded() ? "\(Int(gib)) GiB" : String(format: "%.1f GiB", gib)
        }
        return mib == mib.rounded() ? "\(Int(mib)) MiB" : String(format: "%.1f MiB", mib)
    }
}
