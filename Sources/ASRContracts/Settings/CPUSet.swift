import Foundation

/// A set of CPU numbers in the Linux / Docker list format: `0-2`, `0,2-3`, `3`.
///
/// Entries are separated by commas; each is a CPU number or an inclusive range `low-high`.
/// Spaces around entries are tolerated; overlapping entries are merged.
package struct CPUSet: Sendable, Hashable, CustomStringConvertible {
    /// The highest CPU number accepted (Linux's largest `NR_CPUS` is 8192).
    package static let maximumCPU = 8191

    /// The CPU numbers, ascending, without duplicates: `"0-2,4"` → `[0, 1, 2, 4]`.
    package let cpus: [Int]
    /// The text the set was parsed from.
    package let text: String

    /// Parses a cpuset string.
    /// - Throws: `CPUSetError` naming the malformed entry.
    package init(parsing text: String) throws(CPUSetError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw CPUSetError(input: text, entry: "", reason: "is empty")
        }
        var numbers = Set<Int>()
        for rawEntry in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let entry = rawEntry.trimmingCharacters(in: .whitespaces)
            let bounds = entry.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count == 1 || bounds.count == 2 else {
                throw CPUSetError(input: text, entry: entry, reason: "has more than one '-'")
            }
            var values: [Int] = []
            for bound in bounds {
                guard let value = Self.cpuNumber(bound) else {
                    if entry.isEmpty {
                        throw CPUSetError(input: text, entry: "", reason: "has an empty entry")
                    }
                    throw CPUSetError(input: text, entry: entry, reason: "is not a CPU number or range")
                }
                guard value <= Self.maximumCPU else {
                    throw CPUSetError(input: text, entry: entry, reason: "names a CPU above \(Self.maximumCPU)")
                }
                values.append(value)
            }
            let low = values[0]
            let high = values[values.count - 1]
            guard low <= high else {
                throw CPUSetError(input: text, entry: entry, reason: "is a range whose start is above its end")
            }
            numbers.formUnion(low...high)
        }
        cpus = numbers.sorted()
        self.text = trimmed
    }

    /// How many CPUs the set names.
    package var count: Int { cpus.count }

    /// The CPUs in the set that a host with `hostCores` CPUs (numbered from 0) lacks.
    package func missing(onHostWith hostCores: Int) -> [Int] {
        cpus.filter { $0 >= hostCores }
    }

    package var description: String { text }

    /// A plain decimal number: digits only, no sign.
    private static func cpuNumber(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 6, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}
