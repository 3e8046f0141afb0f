/// A long-syntax volume: the runtime's tmpfs, the engine's bind mounts and volumes.
struct ComposeVolume: Encodable, Equatable {
    struct TmpfsOptions: Encodable, Equatable {
        var size: String
    }

    /// `tmpfs`, `bind` or `volume`.
    var type: String
    /// A host path (bind) or a volume's name; nil for tmpfs and anonymous volumes.
    var source: String? = nil
    var target: String
    var readOnly: Bool? = nil
    var tmpfs: TmpfsOptions? = nil

    enum CodingKeys: String, CodingKey {
        case type, source, target, tmpfs
        case readOnly = "read_only"
    }
}
