import Foundation

/// A Redis reply, copied out of hiredis' `redisReply` so no C memory outlives the call.
package enum RedisReply: Sendable, Hashable {
    /// A bulk string; binary-safe.
    case string(Data)
    /// An integer reply (`INCR`, `DBSIZE`, `PTTL`, …).
    case integer(Int64)
    /// The nil bulk string or nil array (`GET` on a missing key).
    case null
    /// A status reply such as `OK` or `PONG`.
    case status(String)
    /// An error reply sent by the server (`WRONGTYPE …`, `NOAUTH …`); the connection stays usable.
    case error(String)
    /// A multi-bulk reply.
    case array([RedisReply])
}
