import Foundation

/// A `multipart/form-data` body (RFC 7578, framed as RFC 2046 §5.1 says) split into its named
/// parts: what `/v1/audio/transcriptions` reads an OpenAI client's form with. Strict where a
/// lenient reading could take audio for a field or lose its last bytes: each delimiter must
/// start a line, each part needs a `Content-Disposition: form-data` with a name, and the body
/// must end with the closing delimiter.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var body: Data
    }

    /// Most parts, and most bytes of one part's headers, a form may have.
    static let maxParts = 64
    static let maxHeaderBytes = 8 * 1024

    var parts: [Part]

    /// The first part called `name`.
    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// The first part called `name`, as UTF-8 text.
    func text(_ name: String) -> String? { part(name).map { String(decoding: $0.body, as: UTF8.self) } }

    /// Splits `body` at `boundary`.
    /// - Throws: `MultipartFormError` saying what is wrong and where.
    init(_ body: [UInt8], boundary: String) throws(MultipartFormError) {
        guard !boundary.isEmpty, boundary.utf8.count <= 70 else { throw .init("the boundary must be 1 to 70 characters") }
        let dashBoundary = Array("--\(boundary)".utf8)
        let delimiter = Array("\r\n--\(boundary)".utf8)
        // The first delimiter may open the body; anything before it (a preamble) is skipped.
        var position: Int
        if body.starts(with: dashBoundary) {
            position = dashBoundary.count
        } else if let found = Self.find(delimiter, in: body, from: 0) {
            position = found + delimiter.count
        } else {
            throw .init("the body has no --\(boundary) delimiter")
        }
        var parts: [Part] = []
        while true {
            // After a delimiter: "--" closes the form; otherwise optional padding, then CRLF.
            if body[position...].starts(with: Array("--".utf8)) { break }
            while position < body.count, body[position] == 0x20 || body[position] == 0x09 { position += 1 }
            guard body[position...].starts(with: [0x0D, 0x0A]) else {
                throw .init("a delimiter is not followed by a line break (byte \(position))")
            }
            position += 2
            guard parts.count < Self.maxParts else { throw .init("the form has more than \(Self.maxParts) parts") }
            guard !body[position...].starts(with: [0x0D, 0x0A]) else {
                throw .init("part \(parts.count + 1) has no headers (it needs Content-Disposition: form-data with a name)")
            }
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: body, from: position, limit: Self.maxHeaderBytes) else {
                throw .init("part \(parts.count + 1) has no end to its headers within \(Self.maxHeaderBytes) bytes")
            }
            let headers = try Self.headers(body[position..<headerEnd], part: parts.count + 1)
            let contentStart = headerEnd + 4
            guard let next = Self.find(delimiter, in: body, from: contentStart) else {
                throw .init("the form ends before its closing --\(boundary)-- delimiter")
            }
            guard let disposition = headers["content-disposition"],
                Self.valueBeforeParameters(disposition) == "form-data",
                let name = Self.parameter("name", in: disposition)
            else {
                throw .init("part \(parts.count + 1) has no Content-Disposition: form-data with a name")
            }
            parts.append(
                Part(
                    name: name,
                    filename: Self.parameter("filename", in: disposition),
                    contentType: headers["content-type"],
                    body: Data(body[contentStart..<next])
                )
            )
            position = next + delimiter.count
        }
        self.parts = parts
    }

    /// The `boundary=` parameter of a `multipart/form-data` Content-Type; nil for any other type.
    static func boundary(contentType: String) -> String? {
        guard Self.valueBeforeParameters(contentType) == "multipart/form-data" else { return nil }
        return parameter("boundary", in: contentType)
    }

    /// The header fields of one part, names lowercased.
    private static func headers(_ bytes: ArraySlice<UInt8>, part: Int) throws(MultipartFormError) -> [String: String] {
        var fields: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw .init("part \(part) has a header line without a colon")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            fields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// The value before the parameters: `form-data` of `form-data; name="file"`, lowercased.
    private static func valueBeforeParameters(_ value: String) -> String {
        value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }

    /// A parameter of a header value: `name="file"`, `name=file`, quotes with backslash escapes.
    static func parameter(_ wanted: String, in value: String) -> String? {
        var rest = Substring(value)
        guard let semicolon = rest.firstIndex(of: ";") else { return nil }
        rest = rest[rest.index(after: semicolon)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
            var parsed = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        parsed.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        parsed.append(character)
                    }
                }
                rest = rest.drop { $0 != ";" }
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                parsed = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            if key == wanted { return parsed }
        }
        return nil
    }

    /// The index of the first `pattern` in `bytes` at or after `start` (and before `start + limit`).
    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int, limit: Int = .max) -> Int? {
        guard let first = pattern.first else { return nil }
        let last = min(bytes.count - pattern.count, start > Int.max - limit ? Int.max : start + limit)
        var index = start
        while index <= last {
            if bytes[index] == first, bytes[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}
