import ASRContracts

/// Redis, the L2 result cache, and its container (`redis.*`).
package struct RedisConfiguration: Sendable, Equatable {
    /// Whether the deployment runs Redis; without it only the in-process L1 cache is left.
    package var enabled: Bool
    package var image: String
    /// `--maxmemory`, in Redis's units.
    package var maxmemory: ByteSize
    package var maxmemoryPolicy: String
    package var hashMaxZiplistEntries: Int
    package var hashMaxZiplistValue: Int
    package var listMaxZiplistSize: Int
    package var setMaxIntsetEntries: Int
    package var resources: ResourceConfiguration
    /// The CPUs the Redis container is pinned to; `nil` when it is not pinned.
    package var cpuset: CPUSet?

    init(reading settings: SettingReader) {
        enabled = settings.boolean("redis.enabled")
        image = settings.text("redis.image")
        maxmemory = settings.size("redis.maxmemory")
        maxmemoryPolicy = settings.text("redis.maxmemory_policy")
        hashMaxZiplistEntries = settings.integer("redis.hash_max_ziplist_entries")
        hashMaxZiplistValue = settings.integer("redis.hash_max_ziplist_value")
        listMaxZiplistSize = settings.integer("redis.list_max_ziplist_size")
        setMaxIntsetEntries = settings.integer("redis.set_max_intset_entries")
        resources = ResourceConfiguration(reading: settings, container: "redis")
        cpuset = settings.value("redis.cpuset")?.cpusetValue
    }
}
