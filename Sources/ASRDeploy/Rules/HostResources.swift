/// What a settings rule knows of the machine it judges for: nothing under `asrctl validate` (the
/// configuration alone), the probed cores and memory under `asrctl check-host`, the core count
/// under `deploy`'s Compose preflight.
struct HostResources: Sendable {
    /// Online CPUs, numbered from 0.
    let cores: Int
    /// Physical memory in bytes, when it was probed.
    let memoryBytes: UInt64?
}
