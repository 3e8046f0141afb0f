/// Reservations are promises that can be kept: each container reserves no more than its limits,
/// and the containers together no more than the host has — the second only `check-host`, knowing
/// the host, can tell.
struct ReservationsRule: SettingsRule {
    let id = "reservations"
    let checks = "each container's cpus and memory reservations are within its limits, and together within the host's cores and memory"

    func evaluate(_ configuration: DeploymentConfiguration, on host: HostResources?) -> RuleOutcome? {
        let asr = configuration.container.resources
        let redis = configuration.redis
        var findings =
            withinLimits(asr, of: "the ASR container", settings: "container")
            + withinLimits(redis.resources, of: "the Redis container", settings: "redis")

        let redisCPUs = redis.enabled ? redis.resources.cpusReservation : 0
        let redisMemory = redis.enabled ? redis.resources.memoryReservation.bytes : 0
        let cpus = asr.cpusReservation + redisCPUs
        let (sum, overflow) = asr.memoryReservation.bytes.addingReportingOverflow(redisMemory)
        let memory = overflow ? UInt64.max : sum
        let cpuTerm =
            "\(HostCheckFormat.number(cpus)) CPUs (ASR \(HostCheckFormat.number(asr.cpusReservation)) + Redis \(HostCheckFormat.number(redisCPUs)))"
        let memoryTerm =
            "\(HostCheckFormat.bytes(memory)) (ASR \(HostCheckFormat.bytes(asr.memoryReservation.bytes)) + Redis \(HostCheckFormat.bytes(redisMemory)))"
        guard let host else {
            return RuleOutcome(summary: "reserved \(cpuTerm); \(memoryTerm), each within its container's limits", findings: findings)
        }

        var excess: [String] = []
        if cpus > Double(host.cores) { excess.append("\(cpuTerm) > \(host.cores) host cores") }
        if let hostMemory = host.memoryBytes, memory > hostMemory {
            excess.append("\(memoryTerm) > host memory \(HostCheckFormat.bytes(hostMemory))")
        }
        if !excess.isEmpty {
            findings.append(
                RuleFinding(
                    .fail,
                    at: "container.cpus_reservation",
                    related: ["container.memory_reservation"],
                    "reserved " + excess.joined(separator: "; "),
                    hint: "Lower the ASR and Redis reservations to what this host has: a reservation is a promise the host cannot keep."
                )
            )
        }
        let hostMemory = host.memoryBytes.map { " ≤ \(HostCheckFormat.bytes($0))" } ?? ""
        return RuleOutcome(summary: "reserved \(cpuTerm) ≤ \(host.cores) cores; \(memoryTerm)\(hostMemory)", findings: findings)
    }

    /// A container's reservations against its own limits.
    private func withinLimits(_ resources: ResourceConfiguration, of container: String, settings prefix: String) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        if resources.cpusReservation > resources.cpusLimit {
            let limit = HostCheckFormat.number(resources.cpusLimit)
            findings.append(
                RuleFinding(
                    .fail,
                    at: "\(prefix).cpus_reservation",
                    "\(container) reserves \(HostCheckFormat.number(resources.cpusReservation)) CPUs, more than its limit \(limit)",
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
                    "\(container) reserves \(HostCheckFormat.bytes(resources.memoryReservation.bytes)), more than its limit \(limit)",
                    hint: "Set \(prefix).memory_reservation to at most \(resources.memoryLimit), or raise \(prefix).memory_limit."
                )
            )
        }
        return findings
    }
}
