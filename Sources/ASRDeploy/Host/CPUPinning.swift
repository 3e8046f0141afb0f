import ASRContracts

/// The profile's cpuset read against the host: which CPUs the decoders may actually use.
struct CPUPinning: Sendable {
    /// The parsed cpuset, its parse error, or `nil` when the profile does not pin.
    let parsed: Result<CPUSet, CPUSetError>?
    /// CPUs the container may run on: the cpuset's CPUs the host has, or all host cores when
    /// the profile does not pin (or its cpuset cannot be read).
    let usableCores: Int
    /// Whether a readable cpuset restricts the container.
    let isPinned: Bool
    /// `cpuset 0-2` or `all host cores`, for details.
    let summary: String

    init(cpuset: String?, hostCores: Int) {
        guard let cpuset else {
            parsed = nil
            usableCores = hostCores
            isPinned = false
            summary = "all host cores"
            return
        }
        do throws(CPUSetError) {
            let set = try CPUSet(parsing: cpuset)
            parsed = .success(set)
            usableCores = set.count - set.missing(onHostWith: hostCores).count
            isPinned = true
            summary = "cpuset \(set)"
        } catch {
            parsed = .failure(error)
            usableCores = hostCores
            isPinned = false
            summary = "all host cores; cpuset unreadable"
        }
    }
}
