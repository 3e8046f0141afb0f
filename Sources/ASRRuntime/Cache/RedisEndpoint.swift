import Foundation

/// Where the L2 cache lives: host, port, database and optional credentials.
///
/// Parsed from URLs in the form redis-cli accepts:
/// `redis://[[username:]password@]host[:port][/database]`, e.g. `redis://127.0.0.1:6379`,
/// `redis://:secret@cache:6379/2`, `redis://[::1]:6380`. A bare `host:port` is accepted too.
/// TLS (`rediss://`) and Unix sockets are not supported by this build.
package struct RedisEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP literal (IPv6 without brackets).
    package var host: String
    /// TCP port, 1...65535.
    package var port: Int
    /// Database selected with `SELECT` after connecting when not 0.
    package var database: Int
    /// ACL user sent with `AUTH` (Redis 6+); only used together with `password`.
    package var username: String?
    /// Password sent with `AUTH` after connecting.
    package var password: String?

    /// The default Redis port.
    package static let defaultPort = 6379

    /// An endpoint from its parts.
    package init(
        host: String,
        port: Int = RedisEndpoint.defaultPort,
        database: Int = 0,
        username: String? = nil,
        password: String? = nil
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.username = username
        self.password = password
    }

    /// Parses a Redis URL.
    /// - Throws: `RedisURLError` for an empty string, an unsupported scheme, a bad port or database.
    package init(url: String) throws(RedisURLError) {
        var rest = url.trimmingCharacters(in: .whitespaces)
        guard !rest.isEmpty else { throw RedisURLError("empty") }
        if let schemeEnd = rest.range(of: "://") {
            let scheme = rest[..<schemeEnd.lowerBound].lowercased()
            switch scheme {
            case "redis": break
            case "rediss": throw RedisURLError("TLS (rediss://) is not supported by this build")
            default: throw RedisURLError("unsupported scheme \"\(scheme)\" (expected redis://)")
            }
            rest = String(rest[schemeEnd.upperBound...])
        }
        // Drop any query or fragment; nothing in them is honoured.
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            rest = String(rest[..<cut])
        }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[rest.index(after: slash)...])
            rest = String(rest[..<slash])
        }

        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userinfo = rest[..<at]
            rest = String(rest[rest.index(after: at)...])
            if let colon = userinfo.firstIndex(of: ":") {
                let user = String(userinfo[..<colon])
                username = user.isEmpty ? nil : (user.removingPercentEncoding ?? user)
                let secret = String(userinfo[userinfo.index(after: colon)...])
                password = secret.removingPercentEncoding ?? secret
            } else if !userinfo.isEmpty {
                // redis-cli reads `redis://secret@host` as a password without a user.
                password = String(userinfo).removingPercentEncoding ?? String(userinfo)
            }
        }

        var host = rest
        var portText: String?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw RedisURLError("unterminated IPv6 literal") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                portText = String(after.dropFirst())
            } else if !after.isEmpty {
                throw RedisURLError("unexpected text after IPv6 literal")
            }
        } else if let colon = rest.firstIndex(of: ":") {
            host = String(rest[..<colon])
            portText = String(rest[rest.index(after: colon)...])
            if portText?.contains(":") == true {
                throw RedisURLError("IPv6 addresses must be written in brackets, e.g. redis://[::1]:6379")
            }
        }
        if host.isEmpty { host = "127.0.0.1" }

        var port = RedisEndpoint.defaultPort
        if let portText, !portText.isEmpty {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw RedisURLError("port \"\(portText)\" is not in 1...65535")
            }
            port = value
        }

        var database = 0
        if !path.isEmpty {
            guard let value = Int(path), value >= 0 else {
                throw RedisURLError("database \"\(path)\" is not a non-negative integer")
            }
            database = value
        }
        self.init(host: host, port: port, database: database, username: username, password: password)
    }

    /// `host:port/database`, without credentials: safe for logs, /health and /asr/stats.
    package var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(shownHost):\(port)/\(database)"
    }
}
