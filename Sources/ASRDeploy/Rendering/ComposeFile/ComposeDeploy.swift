/// `deploy:` of a Compose service: resource limits and reservations.
struct ComposeDeploy: Encodable, Equatable {
    struct Resources: Encodable, Equatable {
        var limits: ComposeResourceSpec
        var reservations: ComposeResourceSpec
    }

    var resources: Resources
}
