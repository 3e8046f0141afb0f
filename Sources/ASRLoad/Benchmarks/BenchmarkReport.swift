/// Everything one `asrctl bench` run measured; each section is also written on its own as
/// `bench/results/<section>.json`.
public struct BenchmarkReport: Codable, Sendable, Equatable {
    package var machine: MachineFacts
    public var quick: Bool
    package var budget: BenchmarkBudget
    /// Wall-clock seconds of the whole run (not counting the build).
    public var elapsedSeconds: Double
    /// The sections run, in order.
    public var sections: [BenchmarkSection]
    package var engine: EngineCeilingResult?
    package var service: ServiceEfficiencyResult?
    package var cache: CacheHitResult?
    package var streaming: StreamingCapacityResult?
    package var memory: MemoryResult?
    package var settings: SettingEffectsResult?
    package var peer: PeerComparisonResult?
    package var engines: EnginesResult?
    package var search: SearchLevelsResult?
    /// Sections that failed to run, with why.
    public var errors: [String: String]
    /// Filled by `BenchmarkVerdicts`.
    package var targets: [TargetCheck]

    enum CodingKeys: String, CodingKey {
        case machine, quick, budget, sections, engine, service, cache, streaming, memory, settings, peer, engines, search, errors, targets
        case elapsedSeconds = "elapsed_seconds"
    }

    package init(
        machine: MachineFacts,
        quick: Bool,
        budget: BenchmarkBudget,
        elapsedSeconds: Double = 0,
        sections: [BenchmarkSection],
        engine: EngineCeilingResult? = nil,
        service: ServiceEfficiencyResult? = nil,
        cache: CacheHitResult? = nil,
        streaming: StreamingCapacityResult? = nil,
        memory: MemoryResult? = nil,
        settings: SettingEffectsResult? = nil,
        peer: PeerComparisonResult? = nil,
        engines: EnginesResult? = nil,
        search: SearchLevelsResult? = nil,
        errors: [String: String] = [:],
        targets: [TargetCheck] = []
    ) {
        self.machine = machine
        self.quick = quick
        self.budget = budget
        self.elapsedSeconds = elapsedSeconds
        self.sections = sections
        self.engine = engine
        self.service = service
        self.cache = cache
        self.streaming = streaming
        self.memory = memory
        self.settings = settings
        self.peer = peer
        self.engines = engines
        self.search = search
        self.errors = errors
        self.targets = targets
    }
}
