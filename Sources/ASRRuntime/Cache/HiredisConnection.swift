import CHiredis
import Foundation

/// One blocking hiredis connection: the only code in the runtime that touches hiredis' C API.
///
/// Every call blocks the calling thread for up to `timeout` (connect, and each socket read or
/// write of a command), so use it only from a thread that may block — in the runtime that is
/// the single thread of `RedisWorker`. Not `Sendable`: a `redisContext` must not be shared
/// between threads.
///
/// hiredis marks a context permanently failed by setting `ctx->err`; after that `isBroken` is
/// true and the connection must be dropped and replaced by a new one.
final class HiredisConnection {
    /// Host this connection was opened to.
    let host: String
    /// TCP port this connection was opened to.
    let port: Int
    /// Connect timeout and per-command socket timeout.
    let timeout: Duration
    private let context: UnsafeMutablePointer<redisContext>

    /// Opens a TCP connection with `redisConnectWithTimeout` and applies `timeout` to every
    /// later command with `redisSetTimeout`.
    /// - Throws: `RedisError.connection` when the server cannot be reached within `timeout`.
    init(host: String, port: Int, timeout: Duration) throws(RedisError) {
        self.host = host
        self.port = port
        self.timeout = timeout
        let tv = Self.makeTimeval(timeout)
        guard let ctx = redisConnectWithTimeout(host, Int32(clamping: port), tv) else {
            throw .connection("connect to \(host):\(port): cannot allocate a hiredis context")
        }
        if ctx.pointee.err != 0 {
            let reason = Self.describeError(ctx, timeout: timeout)
            redisFree(ctx)
            throw .connection("connect to \(host):\(port): \(reason)")
        }
        if redisSetTimeout(ctx, tv) != REDIS_OK {
            let reason = Self.describeError(ctx, timeout: timeout)
            redisFree(ctx)
            throw .connection("set timeout on \(host):\(port): \(reason)")
        }
        // Best effort: TCP keep-alive lets the kernel notice a peer that vanished while idle.
        _ = redisEnableKeepAlive(ctx)
        context = ctx
    }

    deinit {
        redisFree(context)
    }

    /// True once hiredis has flagged an I/O, EOF, protocol or timeout error on this context.
    var isBroken: Bool { context.pointee.err != 0 }

    /// Sends one command with `redisCommandArgv` and waits for its reply.
    ///
    /// Arguments are binary-safe: each is passed with its explicit length, so NUL bytes and CRLF
    /// inside keys or values are transmitted unchanged.
    /// - Returns: the reply (server error replies are `.success(.error(…))`), or
    ///   `.failure(.connection)` when the connection broke — then `isBroken` is true.
    func command(_ arguments: [Data]) -> Result<RedisReply, RedisError> {
        guard !arguments.isEmpty else { return .failure(.invalidCommand("no arguments")) }
        guard !isBroken else { return .failure(.connection(brokenDescription(command: arguments[0]))) }
        guard let argc = Int32(exactly: arguments.count) else {
            return .failure(.invalidCommand("too many arguments"))
        }

        // Copy every argument into one contiguous buffer and point argv into it, so the
        // pointers stay valid for the whole C call (Data's own storage is only borrowed in closures).
        let lengths = arguments.map(\.count)
        let storage = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(lengths.reduce(0, +), 1),
            alignment: MemoryLayout<CChar>.alignment
        )
        defer { storage.deallocate() }
        var pointers: [UnsafePointer<CChar>?] = []
        pointers.reserveCapacity(arguments.count)
        var offset = 0
        for argument in arguments {
            let slot = UnsafeMutableRawBufferPointer(rebasing: storage[offset..<offset + argument.count])
            argument.withUnsafeBytes { slot.copyMemory(from: $0) }
            pointers.append(storage.baseAddress.map { UnsafePointer(($0 + offset).assumingMemoryBound(to: CChar.self)) })
            offset += argument.count
        }

        let raw = pointers.withUnsafeMutableBufferPointer { argv in
            lengths.withUnsafeBufferPointer { argvlen in
                redisCommandArgv(context, argc, argv.baseAddress, argvlen.baseAddress)
            }
        }
        guard let raw else {
            return .failure(.connection(brokenDescription(command: arguments[0])))
        }
        defer { freeReplyObject(raw) }
        return .success(Self.convert(raw.assumingMemoryBound(to: redisReply.self)))
    }

    // MARK: - C conversions

    private func brokenDescription(command: Data) -> String {
        let name = String(decoding: command.prefix(32), as: UTF8.self)
        return "\(name) on \(host):\(port): \(Self.describeError(context, timeout: timeout))"
    }

    /// Copies a reply tree into Swift values.
    private static func convert(_ pointer: UnsafePointer<redisReply>) -> RedisReply {
        let reply = pointer.pointee
        switch reply.type {
        case REDIS_REPLY_STRING:
            return .string(bytes(reply))
        case REDIS_REPLY_INTEGER:
            return .integer(Int64(reply.integer))
        case REDIS_REPLY_NIL:
            return .null
        case REDIS_REPLY_STATUS:
            return .status(String(decoding: bytes(reply), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            return .error(String(decoding: bytes(reply), as: UTF8.self))
        case REDIS_REPLY_ARRAY:
            guard let elements = reply.element else { return .array([]) }
            var items: [RedisReply] = []
            items.reserveCapacity(reply.elements)
            for index in 0..<reply.elements {
                if let element = elements[index] {
                    items.append(convert(element))
                } else {
                    items.append(.null)
                }
            }
            return .array(items)
        default:
            return .error("unsupported hiredis reply type \(reply.type)")
        }
    }

    private static func bytes(_ reply: redisReply) -> Data {
        guard let str = reply.str, reply.len > 0 else { return Data() }
        return Data(bytes: str, count: reply.len)
    }

    /// `ctx->errstr` as Swift text; hiredis 0.14 reports a socket timeout as EAGAIN, which is
    /// spelled out as a timeout here so operators recognise it.
    private static func describeError(_ ctx: UnsafeMutablePointer<redisContext>, timeout: Duration) -> String {
        let message = withUnsafeBytes(of: ctx.pointee.errstr) { buffer in
            String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        }
        if message.contains("temporarily unavailable") || message.contains("timed out") {
            return "timed out after \(timeout) (\(message))"
        }
        return message.isEmpty ? "hiredis error \(ctx.pointee.err)" : message
    }

    private static func makeTimeval(_ duration: Duration) -> timeval {
        let (seconds, attoseconds) = duration.components
        // A zero timeval means "block forever" to hiredis; never pass one.
        guard seconds > 0 || attoseconds >= 1_000_000_000_000 else {
            return timeval(tv_sec: 0, tv_usec: 1000)
        }
        return timeval(tv_sec: time_t(clamping: seconds), tv_usec: suseconds_t(attoseconds / 1_000_000_000_000))
    }
}
