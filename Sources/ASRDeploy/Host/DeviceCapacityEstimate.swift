/// How many devices the profile can serve on this host — an estimate, derived, not measured.
///
/// Each PocketSphinx decoder thread decodes about `realTimeFactor` times faster than real time
/// (measured here on the en-us model: 5–6× for a single thread; DESIGN.md). Decoders are
/// CPU-bound, so at most `min(workers, CPUs the cpuset leaves usable, cpus limit)` of them run
/// at once. A device talks only part of the time (`speechDutyCycle`), so
///
///     devices = parallel decoders × realTimeFactor ÷ speechDutyCycle
///
/// It is an upper bound: decoders sharing a machine scale less than linearly (DESIGN.md measured
/// about 1.8× for two threads, not 2×), and Redis, the system and bursts all take their share.
/// `asrctl bench` measures the real figure.
package struct DeviceCapacityEstimate: Codable, Sendable, Equatable {
    /// Real-time factor of one decoder thread (5.0 = decodes 5 s of speech per second).
    package static let realTimeFactor = 5.0
    /// Fraction of the time a device is sending speech.
    package static let speechDutyCycle = 0.3

    /// `ASR_WORKER_THREADS`.
    package var workers: Int
    /// CPUs the decoders may run on: the cpuset's CPUs that the host has, or all host cores.
    package var usableCores: Int
    /// The container's `cpus` limit, if any.
    package var cpusLimit: Double?
    /// Decoders that can run at once: `min(workers, usableCores, cpusLimit)`.
    package var parallelDecoders: Double
    /// The estimated number of devices, rounded down.
    package var devices: Int
    /// How the figure was derived, in one sentence with the numbers.
    package var derivation: String

    package init(workers: Int, usableCores: Int, cpusLimit: Double?) {
        self.workers = workers
        self.usableCores = usableCores
        self.cpusLimit = cpusLimit
        var parallel = Double(max(0, min(workers, usableCores)))
        if let cpusLimit, cpusLimit > 0 { parallel = min(parallel, cpusLimit) }
        parallelDecoders = parallel
        let estimate = parallel * Self.realTimeFactor / Self.speechDutyCycle
        devices = estimate.isFinite ? Int(estimate.rounded(.down)) : 0
        let limitTerm = cpusLimit.map { ", cpus limit \(HostCheckFormat.number($0))" } ?? ""
        derivation =
            "estimate: min(\(workers) workers, \(usableCores) usable cores\(limitTerm)) = "
            + "\(HostCheckFormat.number(parallel)) parallel decoders × \(HostCheckFormat.number(Self.realTimeFactor))× real time "
            + "per decoder (measured, single thread) ÷ \(HostCheckFormat.number(Self.speechDutyCycle)) speech duty cycle "
            + "= \(devices) devices; an upper bound, since parallel decoders scale less than linearly"
    }

    enum CodingKeys: String, CodingKey {
        case workers
        case usableCores = "usable_cores"
        case cpusLimit = "cpus_limit"
        case parallelDecoders = "parallel_decoders"
        case devices
        case derivation
    }
}
