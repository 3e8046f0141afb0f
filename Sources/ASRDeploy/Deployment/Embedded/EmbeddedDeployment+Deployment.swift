import ASRContracts
import Foundation

extension EmbeddedDeployment: Deployment {
    /// Writes the rendered files, then starts Redis and `asrctl serve` (this very binary) and
    /// waits for /health. Refuses, before anything, a runtime whose upstream is the engine
    /// service: no engine would answer at its Compose address.
    package func deploy(
        _ files: [RenderedFile],
        configuration: EffectiveConfiguration,
        workspace: Workspace,
        progress: (String) -> Void
    ) async throws {
        let settings = configuration.typed
        if settings.upstreamIsEngineService, let image = settings.engineService.renderedImage {
            throw DeploymentError.engineServiceNeedsCompose(image: image, url: settings.engineService.networkURL)
        }
        _ = try RenderWriter.write(files, to: outputDirectory, workspace: workspace)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let (record, notes) = try await start(configuration: configuration, executable: executable, redisPort: redisPort)
        for note in notes { progress("note: \(note)") }
        progress("embedded deployment (no Docker engine answers, or --embedded):")
        progress("  ASR runtime  \(record.url)  pid \(record.runtimePID)  log \(record.runtimeLog)")
        if let pid = record.redisPID, let port = record.redisPort {
            progress("  redis-server 127.0.0.1:\(port)  pid \(pid)  log \(record.redisLog ?? "-")")
        }
        progress("  healthy; `asrctl status` shows it, `asrctl stop` stops it")
    }

    package func status() async throws -> DeploymentStatus {
        guard let record = current() else { return .notRunning("no live deployment in \(runDirectory.path)") }
        let health: (status: Int, report: HealthResponse)? =
            if let url = record.runtimeURL { try? await RuntimeClient(baseURL: url, timeout: 5).health() } else { nil }
        let runtimeMB = HostProbe.residentBytes(pid: record.runtimePID).map { $0 >> 20 }
        let redisAlive = record.redis.map(\.isRunning)
        // 200 with `degraded` (an upstream engine failing) is up, not healthy.
        let healthy = health?.status == 200 && health?.report.status == "healthy"
        let report = EmbeddedStatusReport(
            healthy: healthy,
            url: record.url,
            runtimePID: record.runtimePID,
            runtimeRSSMB: runtimeMB ?? 0,
            health: health?.report,
            redisPID: record.redisPID,
            redisAlive: record.redisPID == nil ? nil : (redisAlive ?? false)
        )
        var lines = ["ASR runtime  \(record.url)  pid \(record.runtimePID)  RSS \(runtimeMB.map { "\($0) MB" } ?? "?")"]
        if let health {
            lines.append(
                "  health: \(health.report.status) (HTTP \(health.status)), \(health.report.workersReady)/\(health.report.workers) decoders, redis \(health.report.redis), up \(Int(health.report.uptimeSeconds)) s"
            )
        } else {
            lines.append("  health: no answer")
        }
        if let pid = record.redisPID {
            lines.append("redis-server 127.0.0.1:\(record.redisPort ?? 0)  pid \(pid)  \(redisAlive == true ? "running" : "NOT running")")
        }
        return try DeploymentStatus(healthy: healthy, report: report, lines: lines)
    }

    /// SIGTERM to the runtime (SIGKILL after 30 s of draining), then Redis.
    package func stop() -> [String] {
        stop(grace: 30)
    }
}
