/// What to do about the Docker errors a deployment meets, recognised in the engine's message.
/// Docker names the failing kernel interface (e.g. `error setting rlimit type 8`); the hint
/// names the asrctl setting behind it.
package enum DockerFailureHint {
    /// `setrlimit` resource numbers on Linux for the container ulimits the profile sets: the
    /// ulimit, the asrctl settings behind it, and its line in /proc/PID/limits.
    static let rlimits: [Int: (name: String, settings: String, limitsLine: String)] = [
        6: ("nproc", "container.ulimit_nproc_soft and _hard", "Max processes"),
        7: ("nofile", "container.ulimit_nofile_soft and _hard", "Max open files"),
        8: ("memlock", "container.ulimit_memlock_soft and _hard", "Max locked memory"),
    ]

    /// A hint for `output` (what Docker or Compose printed), or `nil` when it is not recognised.
    package static func hint(for output: String) -> String? {
        if let range = output.range(of: "error setting rlimit type ") {
            let number = Int(output[range.upperBound...].prefix { $0.isNumber }) ?? -1
            let limit = rlimits[number] ?? ("a ulimit", "the container.ulimit_* settings", "Max …")
            return "the Docker engine may not raise the \(limit.name) limit above its own hard limit: it lacks "
                + "CAP_SYS_RESOURCE (rootless Docker, or an engine inside a restricted container). Set "
                + "\(limit.settings) to at most the engine's own (\"\(limit.limitsLine)\" in /proc/<dockerd pid>/limits)."
        }
        if output.contains("Range of CPUs is from") || output.contains("Requested CPUs are not available") {
            return "the cpus limit or cpuset asks for CPUs this host lacks; `asrctl check-host` shows which (container.cpus_limit, container.cpuset)"
        }
        if output.contains("port is already allocated") || output.contains("address already in use") {
            return "another process or container holds the port; stop it, or choose another ASR_PORT"
        }
        if output.contains("pull access denied") || output.contains("registry-1.docker.io") || output.contains("no such host")
            || output.contains("manifest unknown")
        {
            return
                "an image could not be pulled; without a registry, build the runtime image with `asrctl image build` and a Redis image with `asrctl image build --redis-tag asrctl-redis:7` (then set redis.image)"
        }
        return nil
    }
}
