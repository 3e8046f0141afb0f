import Foundation

/// What the deploy command needs to know about Docker on this host.
public enum DockerEnvironment {
    /// The Compose flavour to deploy with, or `.none` when no Docker engine answers.
    public static func composeIfEngineAnswers() -> ComposeKind {
        let runner = HostCommandRunner(timeout: 10)
        let docker = HostProbe.docker(runner)
        guard docker.engineAnswers else { return .none }
        return HostProbe.compose(runner, dockerClientPresent: true).kind
    }

    /// Polls `url/health` until it answers 200.
    ///
    /// - Parameters:
    ///   - watch: called every `watchInterval` seconds while waiting; it throws to give up at
    ///     once (a Compose deployment's runtime container exited or restarted).
    ///   - diagnose: what to add to the timeout error (e.g. the container's last log lines).
    public static func waitUntilHealthy(url: String, timeout: Double, watchInterval: Double = 5,
                                        watch: (() throws -> Void)? = nil,
                                        diagnose: (() -> String)? = nil) async throws {
        let client = RuntimeClient(baseURL: URL(string: url)!, timeout: 5)
        let deadline = Date().addingTimeInterval(timeout)
        var nextWatch = Date().addingTimeInterval(watchInterval)
        var last = "no answer"
        while Date() < deadline {
            if let (status, health) = try? await client.health() {
                if status == 200 { return }
                last = health.status
            }
            if let watch, Date() >= nextWatch {
                try watch()
                nextWatch = Date().addingTimeInterval(watchInterval)
            }
            try await Task.sleep(for: .seconds(1))
        }
        let detail = diagnose.map { "\(last)\n\($0())" } ?? last
        throw DeploymentError.notHealthy(url: url, seconds: Int(timeout), detail: detail)
    }
}
