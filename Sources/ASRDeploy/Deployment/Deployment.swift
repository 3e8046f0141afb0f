import Foundation

/// One way of running the ASR runtime and its Redis on this host: Docker Compose, or the
/// embedded processes. `asrctl deploy`, `status` and `stop` work through this and decide
/// nothing about which kind they have; `DeploymentChooser` picks it. (A dry run is the same
/// for every kind: `DeploymentDiff` of the rendered against the deployed files.)
package protocol Deployment: Sendable {
    /// Writes `files` into the output directory, starts what they describe, and waits until
    /// the runtime is healthy, telling `progress` each step as it is done and, last, what runs
    /// where.
    /// - Throws: `DeploymentError`, naming the step that failed (`hostMismatch` before anything
    ///   running was touched).
    func deploy(
        _ files: [RenderedFile],
        configuration: EffectiveConfiguration,
        workspace: Workspace,
        progress: (String) -> Void
    ) async throws

    /// What runs now, and whether the runtime is healthy.
    func status() async throws -> DeploymentStatus

    /// Stops what runs (the runtime drains first). Returns what was stopped, nothing if
    /// nothing ran.
    func stop() throws -> [String]
}
