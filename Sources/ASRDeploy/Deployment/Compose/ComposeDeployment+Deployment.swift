import ASRContracts
import Foundation

extension ComposeDeployment: Deployment {
    /// Preflight (CPU settings, images), then down, write, up -d, and wait up to 180 s for
    /// /health, giving up at once with the container's last log lines if the runtime exits. When
    /// `up` fails because a dependency (the engine service) failed its health check, the error
    /// names that container and shows its last log lines.
    package func deploy(
        _ files: [RenderedFile],
        configuration: EffectiveConfiguration,
        workspace: Workspace,
        progress: (String) -> Void
    ) async throws {
        for line in try preflight(configuration) { progress(line) }
        do {
            for line in try deploy(files, workspace: workspace) { progress(line) }
        } catch let error as DeploymentError {
            guard let unhealthy = try? containers().first(where: { $0.health == "unhealthy" }) else { throw error }
            throw DeploymentError.containerFailed(
                name: unhealthy.name,
                state: "unhealthy: its health check failed, so Compose did not start what depends on it",
                logs: logs(unhealthy.name)
            )
        }
        let client = RuntimeClient.local(port: configuration.typed.runtime.port, timeout: 5)
        try await client.waitUntilHealthy(
            timeout: 180,
            watch: { try checkRuntimeContainer() },
            diagnose: { "last log lines of \(ComposeRenderer.asrService):\n" + logs(ComposeRenderer.asrService) }
        )
        progress("deployed with \(kind.command.joined(separator: " ")) (project \(Self.projectName)); healthy at \(client.baseURL.absoluteString)")
    }

    package func status() async throws -> DeploymentStatus {
        let containers = try containers()
        let client = RuntimeClient.local(port: statusPort ?? deployedPort() ?? 8001, timeout: 5)
        let url = client.baseURL.absoluteString
        let health = try? await client.health()
        let report = ComposeStatusReport(
            project: Self.projectName,
            compose: kind.command.joined(separator: " "),
            composeFile: composeFile.path,
            url: url,
            containers: containers,
            healthStatus: health?.status,
            health: health?.report
        )
        var lines = ["Compose project \(report.project) (\(report.compose), \(report.composeFile))"]
        if containers.isEmpty { lines.append("  no containers") }
        for container in containers {
            let health = container.health.map { ", \($0)" } ?? ""
            let restarts = container.restartCount > 0 ? ", restarted \(container.restartCount)×" : ""
            lines.append("  \(container.name)  \(container.image)  \(container.state)\(health)\(restarts)")
        }
        if let health {
            lines.append(
                "  health: \(health.report.status) (HTTP \(health.status)) at \(url), \(health.report.workersReady)/\(health.report.workers) decoders, redis \(health.report.redis), RSS \(Int(health.report.memoryMB)) MB"
            )
        } else {
            lines.append("  health: no answer at \(url)")
        }
        return try DeploymentStatus(healthy: report.healthy, report: report, lines: lines)
    }

    package func stop() throws -> [String] {
        let text = try run(["down"])
        return ["compose project \(Self.projectName): down" + (text.isEmpty ? "" : "\n\(text)")]
    }
}
