/// The containers' memory limits fit the host together: the runtime's, Redis's and the engine
/// service's. Beyond the host, the kernel's OOM killer picks a victim before any container
/// reaches its own limit — the runtime's memory guard and Redis's eviction never get to act. A
/// rule of the host alone: `validate`, which knows no host, finds nothing here.
struct MemoryLimitsRule: SettingsRule {
    let id = "memory-limits"
    let checks = "container.memory_limit + redis.memory_limit + engine_service.memory_limit fit in the host's memory"

    func evaluate(_ configuration: DeploymentConfiguration, on host: HostResources?) -> RuleOutcome? {
        let containers = DeploymentContainers(configuration)
        let (total, term) = containers.memory(\.memoryLimit.bytes)
        guard let hostMemory = host?.memoryBytes else { return RuleOutcome(summary: "memory limits \(term)") }
        let shownHost = HostCheckFormat.bytes(hostMemory)
        guard total <= hostMemory else {
            let budget = MemoryBudget(runtime: configuration.runtime)
            let lighter =
                configuration.runtime.usesPocketSphinx
                ? ""
                : " (no request goes to PocketSphinx, so the runtime's steady state is about \(budget.totalMB) MB: container.memory_limit can come down)"
            return RuleOutcome(
                summary: "memory limits \(term)",
                findings: [
                    RuleFinding(
                        .fail,
                        at: "container.memory_limit",
                        related: ["engine_service.memory_limit", "redis.memory_limit"],
                        "memory limits \(term) exceed the host's \(shownHost): under load the host runs out before any container reaches its limit",
                        hint: "Lower the limits so they fit in \(shownHost) with room for the system\(lighter)."
                    )
                ]
            )
        }
        return RuleOutcome(summary: "memory limits \(term) ≤ host memory \(shownHost)")
    }
}
