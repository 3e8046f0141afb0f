import ASRContracts

/// The CPU and memory a container may use and has reserved (Compose `deploy.resources`).
package struct ResourceConfiguration: Sendable, Equatable {
    /// CPU time the container may use (`limits.cpus`).
    package var cpusLimit: Double
    /// CPU time reserved for it (`reservations.cpus`).
    package var cpusReservation: Double
    /// Memory it may use before the kernel kills it.
    package var memoryLimit: ByteSize
    /// Memory reserved for it.
    package var memoryReservation: ByteSize

    /// - Parameter container: the settings' prefix, `container`, `redis` or `engine_service`.
    init(reading settings: SettingReader, container: String) {
        cpusLimit = settings.decimal("\(container).cpus_limit")
        cpusReservation = settings.decimal("\(container).cpus_reservation")
        memoryLimit = settings.size("\(container).memory_limit")
        memoryReservation = settings.size("\(container).memory_reservation")
    }
}
