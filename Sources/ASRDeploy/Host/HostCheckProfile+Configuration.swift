extension HostCheckProfile {
    /// The values `check-host` needs, from an effective configuration.
    public init(configuration config: EffectiveConfiguration) {
        self.init(
            workerThreads: config.int("ASR_WORKER_THREADS"),
            cpuset: config.value("container.cpuset")?.textValue,
            cpusLimit: config.value("container.cpus_limit")?.doubleValue,
            cpusReservation: config.value("container.cpus_reservation")?.doubleValue,
            containerMemoryLimitBytes: config.value("container.memory_limit")?.sizeValue?.bytes,
            containerMemoryReservationBytes: config.value("container.memory_reservation")?.sizeValue?.bytes,
            asrMaxMemoryMB: config.int("ASR_MAX_MEMORY_MB"),
            redisEnabled: config.bool("redis.enabled"),
            redisMaxMemoryBytes: config.value("redis.maxmemory")?.sizeValue?.bytes,
            redisMemoryLimitBytes: config.value("redis.memory_limit")?.sizeValue?.bytes,
            redisCpusReservation: config.value("redis.cpus_reservation")?.doubleValue,
            redisMemoryReservationBytes: config.value("redis.memory_reservation")?.sizeValue?.bytes,
            port: config.int("ASR_PORT")
        )
    }
}
