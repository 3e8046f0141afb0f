import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking HTTP/1.1 client over one keep-alive TCP connection to 127.0.0.1.
///
/// The benchmark's load generator: one connection per simulated client thread, the request
/// written with a single `writev` (`TCP_NODELAY`, no Nagle delay between header and body), the
/// answer read by `Content-Length` (or chunked). It does nothing else, so what a cache hit
/// costs over HTTP is not drowned in client overhead (Foundation's URLSession on Linux adds
/// milliseconds per request). Reconnects when the server closed the connection.
///
/// Not thread-safe: one connection per thread.
package final class BenchHTTPConnection {
    package let port: Int
    /// Seconds a read or write may block before the request fails.
    package let timeout: Double
    private var descriptor: Int32 = -1
    private var pending: [UInt8] = []
    private var readBuffer = [UInt8](repeating: 0, count: 65_536)

    package init(port: Int, timeout: Double = 120) {
        self.port = port
        self.timeout = timeout
    }

    deinit { close() }

    /// Closes the connection (the next request opens a new one).
    package func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
        pending.removeAll()
    }

    /// `GET path`.
    package func get(_ path: String) throws(BenchmarkError) -> HTTPReply {
        try request(method: "GET", path: path, contentType: nil, body: [])
    }

    /// `POST path` with `body`.
    package func post(_ path: String, contentType: String, body: [UInt8]) throws(BenchmarkError) -> HTTPReply {
        try request(method: "POST", path: path, contentType: contentType, body: body)
    }

    /// Sends one request and reads its answer; on a connection the server had already closed
    /// (nothing read back), reconnects and tries once more.
    package func request(method: String, path: String, contentType: String?, body: [UInt8]) throws(BenchmarkError) -> HTTPReply {
        let reused = descriptor >= 0
        do {
            return try exchange(method: method, path: path, contentType: contentType, body: body)
        } catch {
            close()
            guard reused else { throw error }
            return try exchange(method: method, path: path, contentType: contentType, body: body)
        }
    }

    private func exchange(method: String, path: String, contentType: String?, body: [UInt8]) throws(BenchmarkError) -> HTTPReply {
        if descriptor < 0 { try connect() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: keep-alive\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        if method != "GET" || !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try write(Array(head.utf8), body)
        return try readReply()
    }

    private func connect() throws(BenchmarkError) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .http("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let message = String(cString: strerror(errno))
            _ = Glibc.close(fd)
            throw .http("connect to 127.0.0.1:\(port): \(message)")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let seconds = Int(timeout)
        var interval = timeval(tv_sec: seconds, tv_usec: Int((timeout - Double(seconds)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        descriptor = fd
        pending.removeAll()
    }

    /// Writes head and body with `writev`, continuing after partial writes.
    private func write(_ head: [UInt8], _ body: [UInt8]) throws(BenchmarkError) {
        var headSent = 0
        var bodySent = 0
        while headSent < head.count || bodySent < body.count {
            let written: Int = head.withUnsafeBytes { headBytes in
                body.withUnsafeBytes { bodyBytes in
                    var vectors = [
                        iovec(
                            iov_base: UnsafeMutableRawPointer(mutating: headBytes.baseAddress.map { $0 + headSent }),
                            iov_len: head.count - headSent
                        ),
                        iovec(
                            iov_base: UnsafeMutableRawPointer(mutating: bodyBytes.baseAddress.map { $0 + bodySent }),
                            iov_len: body.count - bodySent
                        ),
                    ]
                    return vectors.withUnsafeMutableBufferPointer { writev(descriptor, $0.baseAddress, 2) }
                }
            }
            guard written > 0 else {
                if written < 0, errno == EINTR { continue }
                throw .http("write: \(String(cString: strerror(errno)))")
            }
            var remaining = written
            let fromHead = min(remaining, head.count - headSent)
            headSent += fromHead
            remaining -= fromHead
            bodySent += remaining
        }
    }

    /// Reads more bytes into `pending`; throws when the peer closed or the read timed out.
    private func fill() throws(BenchmarkError) {
        while true {
            let count = readBuffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                pending.append(contentsOf: readBuffer[0..<count])
                return
            }
            if count < 0, errno == EINTR { continue }
            throw .http(count == 0 ? "connection closed by the server" : "read: \(String(cString: strerror(errno)))")
        }
    }

    private func readReply() throws(BenchmarkError) -> HTTPReply {
        var headEnd: Int?
        var searchFrom = 0
        while headEnd == nil {
            if let end = Self.find([13, 10, 13, 10], in: pending, from: searchFrom) {
                headEnd = end
            } else {
                searchFrom = max(0, pending.count - 3)
                try fill()
            }
        }
        let headLength = headEnd! + 4
        let headText = String(decoding: pending[0..<headEnd!], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw .http("bad status line: \(headText.prefix(80))") }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        pending.removeFirst(headLength)
        var body: [UInt8]
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body = try readChunked()
        } else {
            let length = Int(headers["content-length"] ?? "0") ?? 0
            while pending.count < length { try fill() }
            body = Array(pending[0..<length])
            pending.removeFirst(length)
        }
        if headers["connection"]?.lowercased() == "close" { close() }
        return HTTPReply(status: status, headers: headers, body: body)
    }

    private func readChunked() throws(BenchmarkError) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            var lineEnd = Self.find([13, 10], in: pending, from: 0)
            while lineEnd == nil {
                try fill()
                lineEnd = Self.find([13, 10], in: pending, from: 0)
            }
            let sizeText = String(decoding: pending[0..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { throw .http("bad chunk size") }
            pending.removeFirst(lineEnd! + 2)
            while pending.count < size + 2 { try fill() }
            body.append(contentsOf: pending[0..<size])
            pending.removeFirst(size + 2)
            if size == 0 { return body }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
