import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One HTTP answer as the client saw it.
public struct HTTPResponse: Sendable {
    public let status: Int
    /// Header names lower-cased; a repeated header keeps its last value.
    public let headers: [String: String]
    public let body: Data

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object.
    public func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw HTTPClientError.malformed("body is not a JSON object: \(text.prefix(200))")
        }
        return object
    }
}

/// Why a request got no HTTP answer.
public enum HTTPClientError: Error, Equatable, CustomStringConvertible {
    /// Nothing listens on the port (ECONNREFUSED).
    case connectionRefused
    /// The server closed or reset the connection before a complete answer.
    case connectionClosed(String)
    /// No answer within the client's timeout.
    case timedOut
    case malformed(String)
    case system(String, Int32)

    public var description: String {
        switch self {
        case .connectionRefused: "connection refused"
        case .connectionClosed(let detail): "connection closed: \(detail)"
        case .timedOut: "timed out"
        case .malformed(let detail): "malformed answer: \(detail)"
        case .system(let call, let code): "\(call): \(String(cString: strerror(code)))"
        }
    }
}

/// A minimal blocking HTTP/1.1 client for loopback tests: one connection per request
/// (`Connection: close`), answers read to EOF, every socket call bounded by `timeout`.
///
/// The async variants run the blocking work on a thread of its own, never on the Swift
/// cooperative pool (2 threads on a 2-core machine), so 40 requests in flight really are.
public struct HTTPClient: Sendable {
    public let host: String
    public let port: Int
    /// Seconds any single connect/send/receive may block.
    public var timeout: Double

    public init(host: String = "127.0.0.1", port: Int, timeout: Double = 60) {
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    // MARK: Blocking

    public func request(_ method: String, _ path: String, headers: [String: String] = [:], body: Data? = nil) throws -> HTTPResponse {
        let connection = try TCPConnection(host: host, port: port, timeout: timeout)
        defer { connection.close() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try connection.send(Data(head.utf8) + (body ?? Data()))
        return try Self.parse(try connection.readToEnd())
    }

    public func get(_ path: String) throws -> HTTPResponse {
        try request("GET", path)
    }

    public func postJSON(_ path: String, _ object: Any) throws -> HTTPResponse {
        let body = try JSONSerialization.data(withJSONObject: object)
        return try request("POST", path, headers: ["Content-Type": "application/json"], body: body)
    }

    /// `POST /asr/recognize` as the guide's clients send it: base64 16 kHz s16le PCM in JSON.
    public func recognize(
        pcm: Data,
        sessionID: String = UUID().uuidString,
        priority: Int = 2,
        language: String? = nil
    ) throws -> HTTPResponse {
        var body: [String: Any] = [
            "session_id": sessionID, "audio_data": pcm.base64EncodedString(), "sample_rate": 16000,
            "priority": priority, "timestamp": Date().timeIntervalSince1970,
        ]
        if let language { body["language"] = language }
        return try postJSON("/asr/recognize", body)
    }

    /// `POST /asr/recognize` with a raw `audio/wav` body.
    public func recognize(wav: Data) throws -> HTTPResponse {
        try request("POST", "/asr/recognize", headers: ["Content-Type": "audio/wav"], body: wav)
    }

    /// The answer of `call`, or the reason it got none, as a `Result` one can collect from threads.
    public static func outcome(_ call: () throws -> HTTPResponse) -> Result<HTTPResponse, HTTPClientError> {
        do {
            return .success(try call())
        } catch let error as HTTPClientError {
            return .failure(error)
        } catch {
            return .failure(.malformed("\(error)"))
        }
    }

    // MARK: Async (a thread per call)

    public func get(_ path: String) async throws -> HTTPResponse {
        try await Self.onThread { try self.get(path) }
    }

    public func recognize(pcm: Data, sessionID: String = UUID().uuidString, priority: Int = 2) async throws -> HTTPResponse {
        try await Self.onThread { try self.recognize(pcm: pcm, sessionID: sessionID, priority: priority) }
    }

    public func recognize(wav: Data) async throws -> HTTPResponse {
        try await Self.onThread { try self.recognize(wav: wav) }
    }

    /// Runs blocking `work` on a new thread and returns its result.
    public static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    // MARK: Parsing

    /// Parses a complete HTTP/1.1 answer (Content-Length, chunked or read-to-EOF body).
    static func parse(_ data: Data) throws -> HTTPResponse {
        let separator = Data("\r\n\r\n".utf8)
        guard let end = data.range(of: separator) else {
            throw data.isEmpty ? HTTPClientError.connectionClosed("no answer") : HTTPClientError.malformed("no end of headers")
        }
        let lines = String(decoding: data[data.startIndex..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw HTTPClientError.malformed("status line \(lines[0])")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body = try dechunk(body)
        } else if let length = headers["content-length"].flatMap(Int.init) {
            guard body.count >= length else {
                throw HTTPClientError.connectionClosed("body has \(body.count) of \(length) bytes")
            }
            body = body.prefix(length)
        }
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    static func dechunk(_ data: Data) throws -> Data {
        var output = Data()
        var index = data.startIndex
        let crlf = Data("\r\n".utf8)
        while true {
            guard let lineEnd = data.range(of: crlf, in: index..<data.endIndex) else {
                throw HTTPClientError.connectionClosed("chunked body cut short")
            }
            let sizeText =
                String(decoding: data[index..<lineEnd.lowerBound], as: UTF8.self)
                .split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw HTTPClientError.malformed("chunk size \(sizeText)")
            }
            if size == 0 { return output }
            let start = lineEnd.upperBound
            guard data.distance(from: start, to: data.endIndex) >= size + 2 else {
                throw HTTPClientError.connectionClosed("chunk cut short")
            }
            output.append(data[start..<data.index(start, offsetBy: size)])
            index = data.index(start, offsetBy: size + 2)
        }
    }
}

/// A plain blocking TCP connection to a loopback server, for clients that misbehave on
/// purpose (stalling mid-body) and for `HTTPClient`.
public final class TCPConnection: @unchecked Sendable {
    private var fd: Int32

    /// Connects, with `timeout` seconds for the connect and for every later send/receive.
    /// - Throws: `HTTPClientError.connectionRefused` when nothing listens.
    public init(host: String = "127.0.0.1", port: Int, timeout: Double = 60) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HTTPClientError.system("socket", errno) }
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 {
            let code = errno
            Glibc.close(fd)
            fd = -1
            switch code {
            case ECONNREFUSED: throw HTTPClientError.connectionRefused
            case EAGAIN, EINPROGRESS, ETIMEDOUT: throw HTTPClientError.timedOut
            default: throw HTTPClientError.system("connect", code)
            }
        }
    }

    deinit { close() }

    /// Sends all of `data`.
    public func send(_ data: Data) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let sent = Glibc.send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK { throw HTTPClientError.timedOut }
                    if errno == EPIPE || errno == ECONNRESET { throw HTTPClientError.connectionClosed("send: peer closed") }
                    throw HTTPClientError.system("send", errno)
                }
                offset += sent
            }
        }
    }

    /// Reads until the server closes the connection.
    public func readToEnd() throws -> Data {
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 {
                output.append(contentsOf: buffer[0..<count])
            } else if count == 0 {
                return output
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                throw HTTPClientError.timedOut
            } else if errno == ECONNRESET {
                if output.isEmpty { throw HTTPClientError.connectionClosed("reset by peer") }
                return output
            } else {
                throw HTTPClientError.system("recv", errno)
            }
        }
    }

    /// Waits until the server closes (EOF or reset) the connection, discarding anything it
    /// sends; returns the seconds that took, or `nil` if it was still open after `timeout`.
    public func secondsUntilClosed(timeout: Double) -> Double? {
        let started = Date()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date().timeIntervalSince(started) < timeout {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let remaining = max(1, Int32((timeout - Date().timeIntervalSince(started)) * 1000))
            let ready = poll(&poller, 1, min(remaining, 100))
            if ready < 0, errno != EINTR { return Date().timeIntervalSince(started) }
            guard ready > 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                return Date().timeIntervalSince(started)
            }
        }
        return nil
    }

    public func close() {
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
    }
}
