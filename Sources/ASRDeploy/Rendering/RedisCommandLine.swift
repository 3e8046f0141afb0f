/// The Redis server flags of a deployment, in the guide's order: memory bound and eviction,
/// then the compact-encoding flags. Used by the Compose `command:`, the rendered command line,
/// and the embedded deployment's `redis-server`.
package struct RedisCommandLine: Sendable, Equatable {
    /// `--flag value` pairs, flag names without dashes.
    package let flags: [(name: String, value: String)]

    package init(redis: RedisConfiguration) {
        flags = [
            ("maxmemory", redis.maxmemory.text),
            ("maxmemory-policy", redis.maxmemoryPolicy),
            ("hash-max-ziplist-entries", String(redis.hashMaxZiplistEntries)),
            ("hash-max-ziplist-value", String(redis.hashMaxZiplistValue)),
            ("list-max-ziplist-size", String(redis.listMaxZiplistSize)),
            ("set-max-intset-entries", String(redis.setMaxIntsetEntries)),
        ]
    }

    /// `["--maxmemory", "512mb", ...]`.
    package var arguments: [String] {
        flags.flatMap { ["--\($0.name)", $0.value] }
    }

    /// `redis-server --maxmemory 512mb ...` as one shell line (values need no quoting).
    package var shellLine: String {
        (["redis-server"] + arguments).joined(separator: " ")
    }

    package static func == (lhs: RedisCommandLine, rhs: RedisCommandLine) -> Bool {
        lhs.arguments == rhs.arguments
    }
}
