/// Reservations are promises that can be kept: each container reserves no more than its limits,
/// and the containers together (the engine service's too) no more than the host has — the
/// second only `check-host`, knowing the host, can tell.
struct ReservationsRule: SettingsRule {
    let id = "reservations"
    let checks = "each container's cpus and memory reservations are within its limits, and together within the host's cores and memory"

    func evaluate(_ configuration: DeploymentConfiguration, on host: HostResources?) -> RuleOutcome? {
        let containers = DeploymentContainers(configuration)
        var findings = containers.all.flatMap(withinLimits)
        let (cpus, cpuTerm) = containers.cpus(\.cpusReservation)
        let (memory, memoryTerm) = containers.memory(\.memoryReservation.bytes)
        guard let host else {
            return RuleOutcome(summary: "reserved \(cpuTerm); \(memoryTerm), each within its container's limits", findings: findings)
        }

        var excess: [String] = []
        if cpus > Double(host.cores) { excess.append("\(cpuTerm) > \(host.cores) host cores") }
        if let hostMemory = host.memoryBytes, memory > hostMemory {
            excess.append("\(memoryTerm) > host memory \(HostCheckFormat.bytes(hostMemory))")
        }
        if !excess.isEmpty {
            let names = containers.all.filter(\.runs).map(\.label).joined(separator: ", ")
            findings.append(
                RuleFinding(
                    .fail,
                    at: "container.cpus_reservation",
                    related: ["container.memory_reservation"],
                    "reserved " + excess.joined(separator: "; "),
                    hint: "Lower the reservations (\(names)) to what this host has: a reservation is a promise the host cannot keep."
                )
            )
        }
        let hostMemory = host.memoryBytes.map { " ≤ \(HostCheckFormat.bytes($0))" } ?? ""
        return RuleOutcome(summary: "reserved \(cpuTerm) ≤ \(host.cores) cores; \(memoryTerm)\(hostMemory)", findings: findings)
    }

    /// A container's reservations against its own limits.
    private func withinLimits(_ container: DeploymentContainers.Container) -> [RuleFinding] {
        let resources = container.resources
        let prefix = container.settings
        let name = "the \(container.label) container"
        var findings: [RuleFinding] = []
        if resources.cpusReservation > resources.cpusLimit {
            let limit = HostCheckFormat.number(resources.cpusLimit)
            findings.append(
                RuleFinding(
                    .fail,
                    at: "\(prefix).cpus_reservation",
                    "\(name) reserves \(HostCheckFormat.number(resources.cpusReservation)) CPUs, more than its limit \(limit)",
                    hint: "Set \(prefix).cpus_reservation to at most \(limit), or raise \(prefix).cpus_limit."
                )
            )
        }
        if resources.memoryReservation > resources.memoryLimit {
            let limit = HostCheckFormat.bytes(resources.memoryLimit.bytes)
            findings.append(
                RuleFinding(
                    .fail,
                    at: "\(prefix).memory_reservation",
                    "\(name) reserves \(HostCheckFormat.bytes(resources.memoryReservation.bytes)), more than its limit \(limit)",
                    hint: "Set \(prefix).memory_reservation to at most \(resources.memoryLimit), or raise \(prefix).memory_limit."
                )
            )
        }
        return findings
    }
}
