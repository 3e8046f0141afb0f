/// The runtime's memory cap holds: its levels rise to it (warning < critical < cap), its
/// steady-state memory (`MemoryBudget`) fits under it, and it fits under the container's memory
/// limit, so the runtime sheds load before the kernel kills the container.
struct MemoryCapRule: SettingsRule {
    let id = "asr-memory-cap"
    let checks =
        "ASR_MEMORY_WARNING_MB < ASR_MEMORY_CRITICAL_MB < ASR_MAX_MEMORY_MB, the steady-state memory below the warning level, and ASR_MAX_MEMORY_MB below container.memory_limit"

    func evaluate(_ configuration: DeploymentConfiguration, on host: HostResources?) -> RuleOutcome? {
        let runtime = configuration.runtime
        let capMB = runtime.maxMemoryMB
        let warningMB = runtime.memoryWarningMB
        let criticalMB = runtime.memoryCriticalMB
        var findings: [RuleFinding] = []
        if !(warningMB < criticalMB && criticalMB < capMB) {
            findings.append(
                RuleFinding(
                    .fail,
                    at: "ASR_MEMORY_CRITICAL_MB",
                    "memory thresholds must rise: warning \(warningMB) < critical \(criticalMB) < cap \(capMB) MB (ASR_MEMORY_WARNING_MB < ASR_MEMORY_CRITICAL_MB < ASR_MAX_MEMORY_MB)",
                    hint: "Set them in that order, as the guide does: 1200 < 1400 < 1500 MB."
                )
            )
        }

        let budget = MemoryBudget(runtime: runtime)
        if budget.totalMB >= capMB {
            findings.append(
                RuleFinding(
                    .fail,
                    at: "ASR_CACHE_SIZE_MB",
                    "the runtime's steady-state memory (\(budget.breakdown)) reaches the cap ASR_MAX_MEMORY_MB=\(capMB)",
                    hint: "Lower ASR_CACHE_SIZE_MB or ASR_WORKER_THREADS, or raise ASR_MAX_MEMORY_MB."
                )
            )
        } else if budget.totalMB >= warningMB {
            findings.append(
                RuleFinding(
                    .warn,
                    at: "ASR_CACHE_SIZE_MB",
                    "the runtime's steady-state memory (\(budget.breakdown)) passes the warning threshold \(warningMB) MB, so caches will be trimmed continually",
                    hint: "Lower ASR_CACHE_SIZE_MB or ASR_WORKER_THREADS, or raise ASR_MEMORY_WARNING_MB."
                )
            )
        }

        let capBytes = UInt64(max(0, capMB)) << 20
        let limitBytes = configuration.container.resources.memoryLimit.bytes
        let limit = HostCheckFormat.bytes(limitBytes)
        if capBytes >= limitBytes {
            findings.append(
                RuleFinding(
                    .fail,
                    at: "ASR_MAX_MEMORY_MB",
                    "ASR_MAX_MEMORY_MB=\(capMB) is not below the container memory limit \(limit): the kernel OOM-kills the container before the runtime's memory guard sheds load",
                    hint:
                        "Set ASR_MAX_MEMORY_MB below \(limitBytes >> 20) (leave room for the runtime's own overhead), or raise the container memory limit."
                )
            )
        }
        return RuleOutcome(
            summary:
                "ASR_MAX_MEMORY_MB=\(capMB) < container memory limit \(limit); steady state \(budget.totalMB) MB < warning level \(warningMB) MB",
            findings: findings
        )
    }
}
