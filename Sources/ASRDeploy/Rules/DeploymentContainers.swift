/// The containers of the Compose deployment with the resources each may use and has reserved,
/// for the rules that add them up against the host: the ASR runtime, Redis (counted only when
/// on) and the engine service (listed only when rendered).
struct DeploymentContainers {
    struct Container {
        /// How messages name it: `ASR`, `Redis`, `engine`.
        let label: String
        /// Its settings' prefix: `container`, `redis`, `engine_service`.
        let settings: String
        let resources: ResourceConfiguration
        /// Whether it runs; a container that does not counts as 0 in the sums.
        let runs: Bool
    }

    let all: [Container]

    init(_ configuration: DeploymentConfiguration) {
        var containers = [
            Container(label: "ASR", settings: "container", resources: configuration.container.resources, runs: true),
            Container(label: "Redis", settings: "redis", resources: configuration.redis.resources, runs: configuration.redis.enabled),
        ]
        if configuration.engineService.renderedImage != nil {
            containers.append(Container(label: "engine", settings: "engine_service", resources: configuration.engineService.resources, runs: true))
        }
        all = containers
    }

    /// The containers' `bytes` added up, with each term: `2.5 GiB (ASR 2 GiB + Redis 512 MiB)`.
    func memory(_ bytes: (ResourceConfiguration) -> UInt64) -> (total: UInt64, text: String) {
        let terms = all.map { $0.runs ? bytes($0.resources) : 0 }
        let (total, overflow) = terms.reduce((UInt64(0), false)) { sum, term in
            let (next, over) = sum.0.addingReportingOverflow(term)
            return (next, sum.1 || over)
        }
        let shown = overflow ? UInt64.max : total
        let parts = zip(all, terms).map { "\($0.label) \(HostCheckFormat.bytes($1))" }
        return (shown, "\(HostCheckFormat.bytes(shown)) (\(parts.joined(separator: " + ")))")
    }

    /// The containers' CPUs added up, with each term: `1.7 CPUs (ASR 1.5 + Redis 0.2)`.
    func cpus(_ value: (ResourceConfiguration) -> Double) -> (total: Double, text: String) {
        let terms = all.map { $0.runs ? value($0.resources) : 0 }
        let total = terms.reduce(0, +)
        let parts = zip(all, terms).map { "\($0.label) \(HostCheckFormat.number($1))" }
        return (total, "\(HostCheckFormat.number(total)) CPUs (\(parts.joined(separator: " + ")))")
    }
}
