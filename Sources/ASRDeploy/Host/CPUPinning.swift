import ASRContracts

/// The container's cpuset read against the host: which CPUs the decoders may actually use.
struct CPUPinning: Sendable {
    /// The cpuset.
    let set: CPUSet
    /// CPUs the container may run on: the cpuset's CPUs the host has.
    let usableCores: Int
    /// `cpuset 0-2`, for details.
    var summary: String { "cpuset \(set)" }

    init(cpuset: CPUSet, hostCores: Int) {
        set = cpuset
        usableCores = cpuset.count - cpuset.missing(onHostWith: hostCores).count
    }
}
