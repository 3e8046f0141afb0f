/// `depends_on:` of a Compose service: Compose's short list when every dependency only has to
/// be started, otherwise the long form naming each one's condition (`service_healthy`: Compose
/// starts the dependent service only once the dependency's health check passes).
struct ComposeDependencies: Encodable, Equatable {
    enum Condition: String, Encodable {
        case started = "service_started"
        case healthy = "service_healthy"
    }

    struct LongForm: Encodable, Equatable {
        var condition: Condition
    }

    /// The condition each dependency, by service name, must meet.
    var conditions: [String: Condition]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if conditions.values.allSatisfy({ $0 == .started }) {
            try container.encode(conditions.keys.sorted())
        } else {
            try container.encode(conditions.mapValues(LongForm.init))
        }
    }
}
