/// Where `backup-config --remote` copies an archive: `USER@HOST:PATH` or `HOST:PATH`,
/// as `scp` understands it.
///
/// Parsing is strict so that a typo fails before a backup is made, and so that nothing
/// in the spec can be taken by `scp`/`ssh` as an option (a host may not start with `-`).
/// IPv6 literals go in brackets: `backup@[2001:db8::7]:/backups`.
public struct RemoteDestination: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// Remote login name, or nil to let ssh choose (current user / ssh config).
    public let user: String?
    /// Host name, IPv4 address, ssh-config alias, or IPv6 address (without brackets).
    public let host: String
    /// Remote directory or file path; relative paths are relative to the remote home.
    public let path: String

    /// Parses `USER@HOST:PATH` or `HOST:PATH`.
    ///
    /// - Throws: `BackupError.invalidRemote` naming the spec and what is wrong with it.
    public init(parsing spec: String) throws {
        func invalid(_ reason: String) -> BackupError { .invalidRemote(spec: spec, reason: reason) }

        if spec.isEmpty { throw invalid("it is empty") }
        if spec.contains("://") { throw invalid("URL form is not supported") }
        if spec.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw invalid("it contains control characters")
        }

        var rest = Substring(spec)
        var user: String?
        if let marker = rest.firstIndex(where: { $0 == "@" || $0 == ":" || $0 == "[" }), rest[marker] == "@" {
            user = String(rest[..<marker])
            rest = rest[rest.index(after: marker)...]
        }

        let host: String
        var isIPv6 = false
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw invalid("'[' without a closing ']'") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            guard rest.hasPrefix(":") else { throw invalid("missing ':' after the bracketed host") }
            isIPv6 = true
        } else {
            guard let colon = rest.firstIndex(of: ":") else {
                throw invalid("missing ':' between host and path")
            }
            host = String(rest[..<colon])
            rest = rest[colon...]
        }
        let path = String(rest.dropFirst())

        try self.init(user: user, host: host, path: path, isIPv6: isIPv6, spec: spec)
    }

    /// Creates a destination from its parts, validating them as `init(parsing:)` does.
    public init(user: String?, host: String, path: String) throws {
        let spec = "\(user.map { "\($0)@" } ?? "")\(host):\(path)"
        try self.init(user: user, host: host, path: path, isIPv6: host.contains(":"), spec: spec)
    }

    private init(user: String?, host: String, path: String, isIPv6: Bool, spec: String) throws {
        func invalid(_ reason: String) -> BackupError { .invalidRemote(spec: spec, reason: reason) }

        if let user {
            if user.isEmpty { throw invalid("the user before '@' is empty") }
            if user.hasPrefix("-") { throw invalid("the user may not start with '-'") }
            guard user.unicodeScalars.allSatisfy({ Self.isNameCharacter($0) || $0 == "$" }) else {
                throw invalid("the user '\(user)' may contain only letters, digits, '.', '_', '-'")
            }
        }
        if host.isEmpty { throw invalid("the host is empty") }
        if host.hasPrefix("-") { throw invalid("the host may not start with '-'") }
        if isIPv6 {
            guard host.contains(":"),
                host.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || ":.%".unicodeScalars.contains($0) || Self.isNameCharacter($0) })
            else { throw invalid("'\(host)' is not an IPv6 address") }
        } else {
            guard host.unicodeScalars.allSatisfy(Self.isNameCharacter) else {
                throw invalid("the host '\(host)' may contain only letters, digits, '.', '_', '-'")
            }
        }
        if path.isEmpty { throw invalid("the path after ':' is empty (use HOST:. for the remote home directory)") }
        if path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw invalid("the path contains control characters")
        }
        self.user = user
        self.host = host
        self.path = path
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil || "._-".unicodeScalars.contains(scalar))
    }

    /// The destination argument for `scp`, e.g. `backup@backup-server:/backups/`.
    public var scpArgument: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(user.map { "\($0)@" } ?? "")\(hostPart):\(path)"
    }

    public var description: String { scpArgument }
}
