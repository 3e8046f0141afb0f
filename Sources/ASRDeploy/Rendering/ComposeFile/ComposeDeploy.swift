import ASRContracts

/// `deploy:` of a Compose service: resource limits and reservations.
struct ComposeDeploy: Encodable, Equatable {
    struct Resources: Encodable, Equatable {
        var limits: ComposeResourceSpec
        var reservations: ComposeResourceSpec
    }

    var resources: Resources

    /// A container's CPU and memory limits and reservations, as its settings give them.
    init(_ resources: ResourceConfiguration) {
        self.resources = Resources(
            limits: ComposeResourceSpec(cpus: SettingKind.format(resources.cpusLimit), memory: resources.memoryLimit.text),
            reservations: ComposeResourceSpec(cpus: SettingKind.format(resources.cpusReservation), memory: resources.memoryReservation.text)
        )
    }
}
