/// Redis's `maxmemory` stays below its container's memory limit with room for a background
/// save's fork (copy-on-write), so Redis evicts before the kernel kills it.
struct RedisMemoryRule: SettingsRule {
    /// Least room Redis needs above `maxmemory` for a background save's fork.
    static let forkHeadroomMinimumBytes: UInt64 = 64 << 20
    /// Share of `maxmemory` Redis needs above it for the fork's copy-on-write pages.
    static let forkHeadroomFraction = 0.25

    let id = "redis-memory"
    let checks = "redis.maxmemory plus fork headroom (max(64 MiB, 25 %)) fits in redis.memory_limit"

    /// Room Redis needs above `maxmemory` for a background save: max(64 MiB, 25 % of maxmemory).
    static func forkHeadroom(maxMemoryBytes: UInt64) -> UInt64 {
        max(forkHeadroomMinimumBytes, UInt64(Double(maxMemoryBytes) * forkHeadroomFraction))
    }

    /// The largest `maxmemory` that leaves fork headroom inside a container limit.
    static func largestSafeMaxMemory(limitBytes: UInt64) -> UInt64 {
        let fractionalCeiling = UInt64(Double(limitBytes) / (1 + forkHeadroomFraction))
        if forkHeadroom(maxMemoryBytes: fractionalCeiling) > forkHeadroomMinimumBytes {
            return fractionalCeiling
        }
        return limitBytes > forkHeadroomMinimumBytes ? limitBytes - forkHeadroomMinimumBytes : 0
    }

    func evaluate(_ configuration: DeploymentConfiguration, on host: HostResources?) -> RuleOutcome? {
        let redis = configuration.redis
        guard redis.enabled else { return nil }
        let maxMemory = redis.maxmemory.bytes
        let limit = redis.resources.memoryLimit.bytes
        let shown = HostCheckFormat.bytes(maxMemory)
        let limitShown = HostCheckFormat.bytes(limit)
        let headroom = Self.forkHeadroom(maxMemoryBytes: maxMemory)
        let needed = maxMemory.addingReportingOverflow(headroom)
        let neededBytes = needed.overflow ? UInt64.max : needed.partialValue
        let fix =
            "Lower maxmemory to at most \(Self.largestSafeMaxMemory(limitBytes: limit) >> 20)mb, or raise the Redis container limit to at least \(HostCheckFormat.bytes(neededBytes))."
        var findings: [RuleFinding] = []
        if maxMemory >= limit {
            findings.append(
                RuleFinding(
                    .fail,
                    at: "redis.maxmemory",
                    "Redis maxmemory \(shown) is not below its container limit \(limitShown): Redis is OOM-killed before it evicts anything",
                    hint: fix,
                    // A warning, not an error, for `validate`: an error stops every command from
                    // loading the configuration (render, tune, config), and the guide's own Compose
                    // file, which operators import, has exactly this (1gb in 768M); Redis starts and
                    // serves until its data nears the limit. `check-host`, the gate before a deploy,
                    // fails it.
                    whenValidating: .warning
                )
            )
        } else if neededBytes > limit {
            findings.append(
                RuleFinding(
                    .warn,
                    at: "redis.maxmemory",
                    "Redis maxmemory \(shown) + \(HostCheckFormat.bytes(headroom)) fork headroom (max(64 MiB, 25 %)) exceeds its container limit \(limitShown): a background save's copy-on-write can push it over",
                    hint: fix
                )
            )
        }
        return RuleOutcome(
            summary: "Redis maxmemory \(shown) + \(HostCheckFormat.bytes(headroom)) fork headroom ≤ container limit \(limitShown)",
            findings: findings
        )
    }
}
