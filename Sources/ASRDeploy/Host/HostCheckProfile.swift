/// The profile values `check-host` compares with the host.
///
/// The CLI fills this from the loaded profile; `nil` means the profile does not set the value
/// (no pinning, no limit, no reservation), and the check that needs it passes with a note.
/// Sizes are bytes; Docker's `4G` / `768M` and Redis's `512mb` / `1gb` are binary units
/// (GiB / MiB), and `ASR_MAX_MEMORY_MB` is read as MiB, as the runtime does.
public struct HostCheckProfile: Sendable, Equatable {
    /// `ASR_WORKER_THREADS`: decoder threads, each owning one CPU-bound PocketSphinx decoder.
    public var workerThreads: Int
    /// The ASR container's cpuset, e.g. `"0-2"` or `"0,2-3"`; `nil` when not pinned.
    public var cpuset: String?
    /// The ASR container's `deploy.resources.limits.cpus`.
    public var cpusLimit: Double?
    /// The ASR container's `deploy.resources.reservations.cpus`.
    public var cpusReservation: Double?
    /// The ASR container's memory limit in bytes.
    public var containerMemoryLimitBytes: UInt64?
    /// The ASR container's memory reservation in bytes.
    public var containerMemoryReservationBytes: UInt64?
    /// `ASR_MAX_MEMORY_MB`: the runtime's RSS cap, in MiB.
    public var asrMaxMemoryMB: Int
    /// Whether the deployment includes Redis (the L2 cache).
    public var redisEnabled: Bool
    /// Redis `maxmemory` in bytes; `nil` when unset (Redis then grows without bound).
    public var redisMaxMemoryBytes: UInt64?
    /// The Redis container's memory limit in bytes.
    public var redisMemoryLimitBytes: UInt64?
    /// The Redis container's reserved CPUs.
    public var redisCpusReservation: Double?
    /// The Redis container's memory reservation in bytes.
    public var redisMemoryReservationBytes: UInt64?
    /// The port the service listens on.
    public var port: Int

    public init(
        workerThreads: Int,
        cpuset: String?,
        cpusLimit: Double?,
        cpusReservation: Double?,
        containerMemoryLimitBytes: UInt64?,
        containerMemoryReservationBytes: UInt64?,
        asrMaxMemoryMB: Int,
        redisEnabled: Bool,
        redisMaxMemoryBytes: UInt64?,
        redisMemoryLimitBytes: UInt64?,
        redisCpusReservation: Double?,
        redisMemoryReservationBytes: UInt64?,
        port: Int
    ) {
        self.workerThreads = workerThreads
        self.cpuset = cpuset
        self.cpusLimit = cpusLimit
        self.cpusReservation = cpusReservation
        self.containerMemoryLimitBytes = containerMemoryLimitBytes
        self.containerMemoryReservationBytes = containerMemoryReservationBytes
        self.asrMaxMemoryMB = asrMaxMemoryMB
        self.redisEnabled = redisEnabled
        self.redisMaxMemoryBytes = redisMaxMemoryBytes
        self.redisMemoryLimitBytes = redisMemoryLimitBytes
        self.redisCpusReservation = redisCpusReservation
        self.redisMemoryReservationBytes = redisMemoryReservationBytes
        self.port = port
    }

    /// The deployment guide's 4-core / 8 GB profile: 4 workers pinned to CPUs 0-2 with a 2.5 CPU
    /// limit (1.5 reserved), 4 GiB limit (2 GiB reserved), a 1500 MB ASR cap, Redis with
    /// `maxmemory 512mb` in a 768 MiB container (512 MiB and 0.2 CPU reserved), port 8001.
    public static let guideDefaults = HostCheckProfile(
        workerThreads: 4,
        cpuset: "0-2",
        cpusLimit: 2.5,
        cpusReservation: 1.5,
        containerMemoryLimitBytes: 4 << 30,
        containerMemoryReservationBytes: 2 << 30,
        asrMaxMemoryMB: 1500,
        redisEnabled: true,
        redisMaxMemoryBytes: 512 << 20,
        redisMemoryLimitBytes: 768 << 20,
        redisCpusReservation: 0.2,
        redisMemoryReservationBytes: 512 << 20,
        port: 8001
    )
}
