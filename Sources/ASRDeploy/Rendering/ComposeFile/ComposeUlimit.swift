/// A soft/hard ulimit pair.
struct ComposeUlimit: Encodable, Equatable {
    var soft: Int
    var hard: Int
}
