/// A long-syntax volume; here only tmpfs mounts are rendered.
struct ComposeVolume: Encodable, Equatable {
    struct TmpfsOptions: Encodable, Equatable {
        var size: String
    }

    var type: String
    var target: String
    var tmpfs: TmpfsOptions?
}
