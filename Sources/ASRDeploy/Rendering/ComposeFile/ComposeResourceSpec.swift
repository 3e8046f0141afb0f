/// CPU and memory of a limit or a reservation; Compose takes `cpus` as a string.
struct ComposeResourceSpec: Encodable, Equatable {
    var cpus: String
    var memory: String
}
