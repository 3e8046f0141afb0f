import Foundation

/// One member of a tar stream, as `TarReader` found it.
struct TarEntry: Sendable {
    /// What kind of member it is.
    enum Kind: Sendable, Equatable {
        case regular
        case directory
        case symbolicLink(target: String)
        case hardLink(target: String)
        /// Devices, FIFOs, GNU sparse/multi-volume members, … (the raw type flag).
        case other(typeFlag: UInt8)
    }

    /// The member name exactly as stored (not yet normalised or checked).
    var name: String
    var kind: Kind
    /// Permission bits from the header.
    var mode: Int
    /// The member's contents (empty except for regular files).
    var data: Data
}
