/// Logging driver and its options (`max-size`, `max-file`, as Docker spells them).
struct ComposeLogging: Encodable, Equatable {
    var driver: String
    var options: [String: String]

    /// The `container.log_*` settings, which the runtime's and the engine's containers share.
    init(_ container: ContainerConfiguration) {
        driver = container.logDriver
        options = ["max-size": container.logMaxSize, "max-file": String(container.logMaxFile)]
    }
}
