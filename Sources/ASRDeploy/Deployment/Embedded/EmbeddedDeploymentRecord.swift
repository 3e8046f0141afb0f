import Foundation

/// What `asrctl deploy` started, kept in `<run dir>/deployment.json` for `status` and `stop`.
package struct EmbeddedDeploymentRecord: Codable, Sendable, Equatable {
    package var runtimePID: Int32
    package var redisPID: Int32?
    package var url: String
    package var redisPort: Int?
    package var startedAt: Date
    package var runtimeLog: String
    package var redisLog: String?
    /// Start times of the two processes (see `ProcessIdentity`); nil in records from older versions.
    package var runtimeStartTicks: UInt64?
    package var redisStartTicks: UInt64?

    /// The runtime's base URL; nil when the record's `url` was edited into something that is not one.
    package var runtimeURL: URL? { URL(string: url).flatMap { $0.scheme == nil || $0.host == nil ? nil : $0 } }

    package var runtime: ProcessIdentity { ProcessIdentity(pid: runtimePID, startTicks: runtimeStartTicks) }
    package var redis: ProcessIdentity? { redisPID.map { ProcessIdentity(pid: $0, startTicks: redisStartTicks) } }

    enum CodingKeys: String, CodingKey {
        case runtimePID = "runtime_pid"
        case redisPID = "redis_pid"
        case url
        case redisPort = "redis_port"
        case startedAt = "started_at"
        case runtimeLog = "runtime_log"
        case redisLog = "redis_log"
        case runtimeStartTicks = "runtime_start_ticks"
        case redisStartTicks = "redis_start_ticks"
    }
}
