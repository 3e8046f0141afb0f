import ASRContracts

/// The ASR container of the Compose deployment: image, resources, pinning, limits, health check
/// and logging (`container.*`).
package struct ContainerConfiguration: Sendable, Equatable {
    package var image: String
    package var resources: ResourceConfiguration
    /// The CPUs the container is pinned to.
    package var cpuset: CPUSet
    package var cpuShares: Int
    package var memSwappiness: Int
    package var shmSize: ByteSize
    package var tmpfsMount: String
    package var tmpfsSize: ByteSize
    /// The seccomp profile (`security_opt`); `nil` keeps Docker's default filter.
    package var seccomp: String?
    package var ulimitNofileSoft: Int
    package var ulimitNofileHard: Int
    package var ulimitMemlockSoft: Int
    package var ulimitMemlockHard: Int
    package var ulimitNprocSoft: Int
    package var ulimitNprocHard: Int
    /// Compose's restart policy.
    package var restart: String
    /// The command Docker runs to judge health, e.g. `["CMD", "curl", "-f", …]`.
    package var healthcheckTest: [String]
    package var healthcheckInterval: String
    package var healthcheckTimeout: String
    package var healthcheckRetries: Int
    package var healthcheckStartPeriod: String
    package var logDriver: String
    package var logMaxSize: String
    package var logMaxFile: Int

    init(reading settings: SettingReader) {
        image = settings.text("container.image")
        resources = ResourceConfiguration(reading: settings, container: "container")
        cpuset = settings.cpuset("container.cpuset")
        cpuShares = settings.integer("container.cpu_shares")
        memSwappiness = settings.integer("container.mem_swappiness")
        shmSize = settings.size("container.shm_size")
        tmpfsMount = settings.text("container.tmpfs_mount")
        tmpfsSize = settings.size("container.tmpfs_size")
        seccomp = settings.value("container.seccomp")?.textValue
        ulimitNofileSoft = settings.integer("container.ulimit_nofile_soft")
        ulimitNofileHard = settings.integer("container.ulimit_nofile_hard")
        ulimitMemlockSoft = settings.integer("container.ulimit_memlock_soft")
        ulimitMemlockHard = settings.integer("container.ulimit_memlock_hard")
        ulimitNprocSoft = settings.integer("container.ulimit_nproc_soft")
        ulimitNprocHard = settings.integer("container.ulimit_nproc_hard")
        restart = settings.text("container.restart")
        healthcheckTest = settings.list("container.healthcheck_test")
        healthcheckInterval = settings.text("container.healthcheck_interval")
        healthcheckTimeout = settings.text("container.healthcheck_timeout")
        healthcheckRetries = settings.integer("container.healthcheck_retries")
        healthcheckStartPeriod = settings.text("container.healthcheck_start_period")
        logDriver = settings.text("container.log_driver")
        logMaxSize = settings.text("container.log_max_size")
        logMaxFile = settings.integer("container.log_max_file")
    }
}
