import ASRContracts

/// The engine settings work together: routes name known engines, an upstream that is used has
/// an http(s) address and a model.
struct EngineRule: SettingsRule {
    let id = "engine"
    let checks = "ASR_ENGINE_ROUTES parses, and an upstream engine that is used has ASR_UPSTREAM_URL and ASR_UPSTREAM_MODEL"

    func evaluate(_ configuration: DeploymentConfiguration, on host: HostResources?) -> RuleOutcome? {
        let runtime = configuration.runtime
        var findings: [RuleFinding] = []
        do {
            _ = try EngineRoutes(parsing: runtime.engineRoutes)
        } catch {
            findings.append(
                RuleFinding(
                    .fail,
                    at: "ASR_ENGINE_ROUTES",
                    error.description,
                    hint: "Write routes as language=engine pairs, e.g. zh=upstream,en=pocketsphinx,*=pocketsphinx."
                )
            )
        }
        if let problem = runtime.upstreamProblem {
            findings.append(
                RuleFinding(
                    .fail,
                    at: problem.setting,
                    related: ["ASR_ENGINE", "ASR_ENGINE_ROUTES"],
                    problem.message,
                    hint:
                        "Set engine.upstream.url and engine.upstream.model (ASR_UPSTREAM_URL, ASR_UPSTREAM_MODEL), or route nothing to the upstream."
                )
            )
        }
        let summary =
            runtime.upstreamURL.isEmpty
            ? "engine \(runtime.engine)"
            : "engine \(runtime.engine), upstream model \(runtime.upstreamModel)"
                + (runtime.engineRoutes.isEmpty ? "" : ", routes \(runtime.engineRoutes)")
        return RuleOutcome(summary: summary, findings: findings)
    }
}
