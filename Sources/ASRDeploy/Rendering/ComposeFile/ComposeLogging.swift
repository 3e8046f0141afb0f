/// Logging driver and its options (`max-size`, `max-file`, as Docker spells them).
struct ComposeLogging: Encodable, Equatable {
    var driver: String
    var options: [String: String]
}
