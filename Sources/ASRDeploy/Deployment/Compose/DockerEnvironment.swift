import Foundation

/// What the deploy command needs to know about Docker on this host.
public enum DockerEnvironment {
    /// The Compose flavour to deploy with, or `.none` when no Docker engine answers.
    public static func composeIfEngineAnswers() -> ComposeKind {
        let runner = Subprocess(timeout: 10)
        let docker = HostProbe.docker(runner)
        guard docker.engineAnswers else { return .none }
        return HostProbe.compose(runner, dockerClientPresent: true).kind
    }
}
