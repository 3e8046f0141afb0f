import ASRContracts

/// The ASR container's cpuset, read against the host when it is known: the CPUs its decoders
/// may actually run on.
struct CPUPinning: Sendable {
    /// The cpuset.
    let set: CPUSet
    /// The cpuset's CPUs that the host has; all of them when the host is not known.
    let usableCores: Int
    /// `cpuset 0-2`, for messages.
    var summary: String { "cpuset \(set)" }

    init(cpuset: CPUSet, hostCores: Int?) {
        set = cpuset
        usableCores = cpuset.count - (hostCores.map { cpuset.missing(onHostWith: $0).count } ?? 0)
    }
}
