/// The Redis server flags of a deployment, in the guide's order: memory bound and eviction,
/// then the compact-encoding flags. Used by the Compose `command:`, the rendered command line,
/// and the embedded deployment's `redis-server`.
package struct RedisCommandLine: Sendable, Equatable {
    /// `--flag value` pairs, flag names without dashes.
    package let flags: [(name: String, value: String)]

    package init(configuration: EffectiveConfiguration) {
        func int(_ id: String) -> String { String(configuration.int(id)) }
        flags = [
            ("maxmemory", configuration.size("redis.maxmemory").text),
            ("maxmemory-policy", configuration.text("redis.maxmemory_policy")),
            ("hash-max-ziplist-entries", int("redis.hash_max_ziplist_entries")),
            ("hash-max-ziplist-value", int("redis.hash_max_ziplist_value")),
            ("list-max-ziplist-size", int("redis.list_max_ziplist_size")),
            ("set-max-intset-entries", int("redis.set_max_intset_entries")),
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
