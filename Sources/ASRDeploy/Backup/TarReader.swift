import Foundation

/// Reads an uncompressed tar stream (POSIX ustar, pax and GNU formats) in memory.
///
/// Restore parses the archive itself instead of letting `tar -x` write to disk, so
/// that every member name and type is checked before a single byte is extracted.
enum TarReader {
    /// Why the stream is not a valid tar archive.
    struct FormatError: Error, Sendable {
        let reason: String
    }

    private static let blockSize = 512

    /// All members of `data`, in order. Metadata members (GNU long names, pax
    /// headers) are folded into the member they describe.
    static func entries(in data: Data) throws(FormatError) -> [TarEntry] {
        let bytes = [UInt8](data)
        var entries: [TarEntry] = []
        var offset = 0
        var longName: String?
        var longLinkName: String?
        var pax: [String: String] = [:]
        var sawEnd = false

        while offset + blockSize <= bytes.count {
            let header = bytes[offset..<(offset + blockSize)]
            if header.allSatisfy({ $0 == 0 }) {
                sawEnd = true
                break
            }
            try verifyChecksum(header, at: offset)

            let typeFlag = header[header.startIndex + 156]
            let headerSize = try number(header, 124, 12, field: "size", at: offset)
            let isMetadata =
                typeFlag == UInt8(ascii: "L") || typeFlag == UInt8(ascii: "K")
                || typeFlag == UInt8(ascii: "x") || typeFlag == UInt8(ascii: "g")
            var size = headerSize
            if !isMetadata, let paxSize = pax["size"] {
                guard let value = Int(paxSize), value >= 0 else {
                    throw FormatError(reason: "invalid pax size '\(paxSize)' at byte \(offset)")
                }
                size = value
            }

            let dataStart = offset + blockSize
            guard size <= bytes.count - dataStart else {
                throw FormatError(reason: "member at byte \(offset) needs \(size) bytes but the stream ends first (truncated)")
            }
            let content = bytes[dataStart..<(dataStart + size)]
            offset = dataStart + (size + blockSize - 1) / blockSize * blockSize

            switch typeFlag {
            case UInt8(ascii: "L"):
                longName = try cString(content, what: "GNU long name", at: dataStart)
                continue
            case UInt8(ascii: "K"):
                longLinkName = try cString(content, what: "GNU long link name", at: dataStart)
                continue
            case UInt8(ascii: "x"):
                pax = try paxRecords(content, at: dataStart)
                continue
            case UInt8(ascii: "g"):
                continue
            default:
                break
            }

            let name: String
            if let explicit = pax["path"] ?? longName {
                name = explicit
            } else {
                name = try headerName(header, at: offset)
            }
            let linkTarget: String
            if let explicit = pax["linkpath"] ?? longLinkName {
                linkTarget = explicit
            } else {
                let field = header[(header.startIndex + 157)..<(header.startIndex + 257)]
                linkTarget = try cString(field, what: "link name", at: offset)
            }
            let mode = try number(header, 100, 8, field: "mode", at: offset) & BackupFileSystem.permissionMask
            longName = nil
            longLinkName = nil
            pax = [:]

            let kind: TarEntry.Kind
            switch typeFlag {
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): kind = .regular
            case UInt8(ascii: "5"): kind = .directory
            case UInt8(ascii: "2"): kind = .symbolicLink(target: linkTarget)
            case UInt8(ascii: "1"): kind = .hardLink(target: linkTarget)
            default: kind = .other(typeFlag: typeFlag)
            }
            entries.append(TarEntry(name: name, kind: kind, mode: mode, data: kind == .regular ? Data(content) : Data()))
        }

        if !sawEnd {
            throw FormatError(reason: "the tar stream ends without its end-of-archive marker (truncated)")
        }
        return entries
    }

    private static func verifyChecksum(_ header: ArraySlice<UInt8>, at offset: Int) throws(FormatError) {
        let stored = try number(header, 148, 8, field: "checksum", at: offset)
        var unsigned = 0
        var signed = 0
        for (index, byte) in header.enumerated() {
            let value = (148..<156).contains(index) ? 0x20 : byte
            unsigned += Int(value)
            signed += Int(Int8(bitPattern: value))
        }
        if stored != unsigned && stored != signed {
            throw FormatError(reason: "header checksum mismatch at byte \(offset) (corrupt archive)")
        }
    }

    /// Parses a numeric header field: octal text, or GNU base-256 when the top bit is set.
    private static func number(
        _ header: ArraySlice<UInt8>,
        _ start: Int,
        _ length: Int,
        field: String,
        at offset: Int
    ) throws(FormatError) -> Int {
        let slice = header[(header.startIndex + start)..<(header.startIndex + start + length)]
        if let first = slice.first, first & 0x80 != 0 {
            var value = Int(first & 0x7f)
            for byte in slice.dropFirst() {
                guard value <= (Int.max >> 8) else {
                    throw FormatError(reason: "\(field) field too large at byte \(offset)")
                }
                value = value << 8 | Int(byte)
            }
            return value
        }
        var value = 0
        var started = false
        for byte in slice {
            if byte == 0 || byte == UInt8(ascii: " ") {
                if started { break } else { continue }
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "7") else {
                throw FormatError(reason: "invalid \(field) field at byte \(offset) (not a tar header)")
            }
            started = true
            guard value <= (Int.max >> 3) else {
                throw FormatError(reason: "\(field) field too large at byte \(offset)")
            }
            value = value << 3 | Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// The member name from the header, joining the ustar prefix when present.
    private static func headerName(_ header: ArraySlice<UInt8>, at offset: Int) throws(FormatError) -> String {
        let base = header.startIndex
        let name = try cString(header[base..<(base + 100)], what: "member name", at: offset)
        // POSIX ustar ("ustar\0") keeps a 155-byte prefix; the GNU format ("ustar  \0")
        // uses that area for other fields.
        let magic = Array(header[(base + 257)..<(base + 263)])
        if magic == Array("ustar".utf8) + [0] {
            let prefix = try cString(header[(base + 345)..<(base + 500)], what: "member name prefix", at: offset)
            if !prefix.isEmpty { return prefix + "/" + name }
        }
        return name
    }

    private static func cString(_ bytes: ArraySlice<UInt8>, what: String, at offset: Int) throws(FormatError) -> String {
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        guard let text = String(bytes: bytes[bytes.startIndex..<end], encoding: .utf8) else {
            throw FormatError(reason: "\(what) at byte \(offset) is not valid UTF-8")
        }
        return text
    }

    /// Parses pax extended-header records: `"<length> <key>=<value>\n"`.
    private static func paxRecords(_ bytes: ArraySlice<UInt8>, at offset: Int) throws(FormatError) -> [String: String] {
        var records: [String: String] = [:]
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == 0 { break }
            guard let space = bytes[index...].firstIndex(of: UInt8(ascii: " ")),
                let lengthText = String(bytes: bytes[index..<space], encoding: .utf8),
                let length = Int(lengthText), length > 0, index + length <= bytes.endIndex,
                bytes[index + length - 1] == UInt8(ascii: "\n")
            else {
                throw FormatError(reason: "malformed pax header at byte \(offset)")
            }
            let record = bytes[(space + 1)..<(index + length - 1)]
            guard let equals = record.firstIndex(of: UInt8(ascii: "=")),
                let key = String(bytes: record[record.startIndex..<equals], encoding: .utf8),
                let value = String(bytes: record[(equals + 1)...], encoding: .utf8)
            else {
                throw FormatError(reason: "malformed pax record at byte \(offset)")
            }
            records[key] = value
            index += length
        }
        return records
    }
}
