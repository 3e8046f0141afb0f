/// Decoder threads that can all work: at least one, no more than the CPUs that can run them
/// (decoding is CPU-bound), no more than the requests that can feed them.
struct WorkersRule: SettingsRule {
    let id = "workers"
    let checks = "ASR_WORKER_THREADS is at least 1 and at most the usable CPUs of the cpuset and ASR_MAX_CONCURRENT"

    func evaluate(_ configuration: DeploymentConfiguration, on host: HostResources?) -> RuleOutcome? {
        guard configuration.runtime.usesPocketSphinx else {
            return RuleOutcome(summary: "no decoder threads are loaded: every request goes to the upstream engine")
        }
        let workers = configuration.runtime.workerThreads
        let pinning = CPUPinning(cpuset: configuration.container.cpuset, hostCores: host?.cores)
        let usable = pinning.usableCores
        var findings: [RuleFinding] = []
        if workers < 1 {
            findings.append(
                RuleFinding(
                    .fail,
                    at: "ASR_WORKER_THREADS",
                    "ASR_WORKER_THREADS is \(workers): nothing would decode",
                    hint: "Set ASR_WORKER_THREADS to at least 1, at most \(max(1, usable))."
                )
            )
        } else if workers > usable {
            findings.append(
                RuleFinding(
                    .warn,
                    at: "ASR_WORKER_THREADS",
                    related: ["container.cpuset"],
                    "\(workers) decoder threads on \(usable) usable core(s) (\(pinning.summary)): decoders are CPU-bound, so threads beyond \(usable) add ~\(MemoryBudget.perDecoderMB) MB each and queueing, not throughput",
                    hint: "Set ASR_WORKER_THREADS to at most \(max(1, usable)), or give the container more CPUs."
                )
            )
        }
        let maxConcurrent = configuration.runtime.maxConcurrent
        if workers > maxConcurrent {
            findings.append(
                RuleFinding(
                    .warn,
                    at: "ASR_WORKER_THREADS",
                    "\(workers) decoder threads but only \(maxConcurrent) requests may be open at once (ASR_MAX_CONCURRENT); \(workers - maxConcurrent) decoder(s) can never work",
                    hint: "Set ASR_WORKER_THREADS to at most \(maxConcurrent), or raise ASR_MAX_CONCURRENT."
                )
            )
        }
        return RuleOutcome(summary: "\(workers) decoder threads on \(usable) usable core(s) (\(pinning.summary))", findings: findings)
    }
}
