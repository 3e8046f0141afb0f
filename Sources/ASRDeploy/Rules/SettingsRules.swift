/// The one table of rules between settings, in the order `check-host` lists them: `validate`
/// turns their findings into diagnostics (`CrossChecks`), `check-host` into PASS/WARN/FAIL
/// lines (`HostChecker`), `deploy` refuses a Compose deployment on the CPU rules' FAILs.
enum SettingsRules {
    static let workers = WorkersRule()
    static let cpuset = CPUSetRule()
    static let cpusLimit = CPUsLimitRule()
    static let memoryCap = MemoryCapRule()
    static let redisMemory = RedisMemoryRule()
    static let reservations = ReservationsRule()
    static let memoryLimits = MemoryLimitsRule()
    static let engine = EngineRule()
    static let engineService = EngineServiceRule()

    static let all: [any SettingsRule] = [
        workers, cpuset, cpusLimit, memoryCap, redisMemory, reservations, memoryLimits, engine, engineService,
    ]
}
