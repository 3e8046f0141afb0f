import Foundation

/// `docker system prune -f` where a Docker engine answers, for `asrctl maintain --prune`.
public enum DockerPrune {
    /// The outcome: whether an engine answered, whether the prune succeeded, what Docker said.
    public struct Outcome: Sendable, Equatable {
        public var engineAnswers: Bool
        public var succeeded: Bool
        public var output: String
    }

    /// Prunes unless `dryRun`; a missing or silent engine is reported, not an error.
    public static func run(dryRun: Bool, timeout: Double = 300) -> Outcome {
        let probe = HostProbe.docker(Subprocess(timeout: 10))
        guard probe.engineAnswers else {
            return Outcome(engineAnswers: false, succeeded: true, output: "no Docker engine answers; nothing to prune")
        }
        if dryRun { return Outcome(engineAnswers: true, succeeded: true, output: "would run docker system prune -f") }
        guard let result = Subprocess(timeout: timeout).run("docker", ["system", "prune", "-f"]) else {
            return Outcome(engineAnswers: true, succeeded: false, output: "docker could not be started")
        }
        let text = (result.standardOutput + result.standardError).trimmingCharacters(in: .whitespacesAndNewlines)
        return Outcome(engineAnswers: true, succeeded: result.succeeded, output: text)
    }
}
