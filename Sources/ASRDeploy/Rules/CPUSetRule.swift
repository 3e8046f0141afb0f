/// The ASR container's cpuset names only CPUs the host has: Docker refuses to start a container
/// pinned to others, but only when it creates it. A rule of the host alone: `validate`, which
/// knows no host, finds nothing here.
struct CPUSetRule: SettingsRule {
    let id = "cpuset"
    let checks = "container.cpuset names only CPUs the host has"

    func evaluate(_ configuration: DeploymentConfiguration, on host: HostResources?) -> RuleOutcome? {
        let set = configuration.container.cpuset
        guard let host else { return RuleOutcome(summary: "cpuset \(set): \(set.count) CPU(s)") }
        let hostRange = host.cores > 1 ? "0-\(host.cores - 1)" : "0"
        let missing = set.missing(onHostWith: host.cores)
        guard missing.isEmpty else {
            let names = missing.map(String.init).joined(separator: ", ")
            return RuleOutcome(
                summary: "cpuset \(set)",
                findings: [
                    RuleFinding(
                        .fail,
                        at: "container.cpuset",
                        "cpuset \(set) names CPU \(names), but this host has only CPUs \(hostRange)",
                        hint:
                            "Docker refuses to start a container pinned to CPUs the host lacks; use CPUs within \(hostRange), leaving one for Redis and the system."
                    )
                ]
            )
        }
        return RuleOutcome(summary: "cpuset \(set): \(set.count) of the host's \(host.cores) CPUs")
    }
}
