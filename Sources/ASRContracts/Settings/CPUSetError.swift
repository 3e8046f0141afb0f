/// Why a cpuset string such as `0-2,4` could not be read.
package struct CPUSetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The whole cpuset as given.
    package let input: String
    /// The comma-separated entry that is wrong (empty when the input or an entry is empty).
    package let entry: String
    /// What is wrong with it.
    package let reason: String

    package var description: String {
        let location = entry.isEmpty ? "" : ": entry \"\(entry)\""
        return "cpuset \"\(input)\"\(location) \(reason); expected a CPU list such as 0-2 or 0,2-3"
    }
}
