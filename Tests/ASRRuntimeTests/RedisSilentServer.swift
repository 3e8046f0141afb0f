import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP listener that never answers, for timeout tests.
///
/// - `.silent`: the kernel completes the TCP handshake (the connection sits in the listen
///   backlog, never accepted), so connecting succeeds and every command waits for a reply
///   that never comes.
/// - `.unreachable`: the listen backlog is 0 and already filled by one connection of our own,
///   so the kernel drops further SYNs and connecting hangs until the client's timeout.
final class RedisSilentServer {
    enum Mode {
        case silent
        case unreachable
    }

    struct SocketError: Error, CustomStringConvertible {
        let description: String
    }

    /// The loopback port it listens on.
    let port: Int
    private let listener: Int32
    private var filler: Int32 = -1

    init(_ mode: Mode) throws {
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw SocketError(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = listener
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
                    && listen(fd, mode == .silent ? 16 : 0) == 0
            }
        }
        guard ok else {
            close(listener)
            throw SocketError(description: "bind/listen: errno \(errno)")
        }
        port = Int(UInt16(bigEndian: address.sin_port))

        if mode == .unreachable {
            filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    connect(filler, pointer, length) == 0
                }
            }
            guard connected else {
                close(filler)
                close(listener)
                throw SocketError(description: "filling the backlog: errno \(errno)")
            }
        }
    }

    deinit {
        if filler >= 0 { close(filler) }
        close(listener)
    }
}
