/// The ASR container's cpus limit fits the CPUs it may run on. Above the cpuset's usable CPUs
/// the limit can never be reached (a warning either way); above the host's cores Docker refuses
/// the container, which only `check-host`, knowing the host, can tell.
struct CPUsLimitRule: SettingsRule {
    let id = "cpus-limit"
    let checks = "container.cpus_limit is at most the usable CPUs of the cpuset and the host's cores"

    func evaluate(_ configuration: DeploymentConfiguration, on host: HostResources?) -> RuleOutcome? {
        let limit = configuration.container.resources.cpusLimit
        let pinning = CPUPinning(cpuset: configuration.container.cpuset, hostCores: host?.cores)
        let usable = pinning.usableCores
        let shown = HostCheckFormat.number(limit)
        var findings: [RuleFinding] = []
        if let host, limit > Double(host.cores) {
            findings.append(
                RuleFinding(
                    .fail,
                    at: "container.cpus_limit",
                    "cpus limit \(shown) exceeds the host's \(host.cores) cores",
                    hint: "Docker refuses a cpus limit above the host's CPU count; set it to at most \(min(host.cores, usable))."
                )
            )
        } else if limit > Double(usable) {
            findings.append(
                RuleFinding(
                    .warn,
                    at: "container.cpus_limit",
                    "cpus limit \(shown) exceeds the \(usable) usable CPU(s) of \(pinning.summary): the container can never use more than \(usable)",
                    hint: "Lower cpus to at most \(usable), or widen the cpuset."
                )
            )
        }
        let hostTerm = host.map { " and ≤ \($0.cores) host cores" } ?? ""
        return RuleOutcome(summary: "cpus limit \(shown) ≤ \(usable) CPU(s) of \(pinning.summary)\(hostTerm)", findings: findings)
    }
}
