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
    public static func waitUntilHealthy(url: String, timeout: Double) async throws {
        let client = RuntimeClient(baseURL: URL(string: url)!, timeout: 5)
        let deadline = Date().addingTimeInterval(timeout)
        var last = "no answer"
        while Date() < deadline {
            if let (status, health) = try? await client.health() {
                if status == 200 { return }
                last = health.status
            }
            try await Task.sleep(for: .seconds(1))
        }
        throw DeploymentError.notHealthy(url: url, seconds: Int(timeout), detail: last)
    }
}
