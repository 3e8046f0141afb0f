/// A top-level Compose secret: a file on the host, mounted read-only at `/run/secrets/<name>`
/// in each service that lists it. The file's contents never appear in the Compose file.
struct ComposeSecret: Encodable, Equatable {
    var file: String
}
