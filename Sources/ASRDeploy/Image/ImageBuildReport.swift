/// What `asrctl image build` built, for people and (with `--json`) scripts.
public struct ImageBuildReport: Codable, Sendable, Equatable {
    /// The tag the image was imported as.
    public var tag: String
    /// The image ID Docker answered (`sha256:…`).
    public var imageID: String
    /// Bytes of the root filesystem (files as copied, before the tar's overhead).
    public var rootFilesystemBytes: UInt64
    /// Files in the root filesystem.
    public var fileCount: Int
    /// Shared libraries copied, as the host's loader resolved them.
    public var libraries: [String]
    /// The image's default command.
    public var command: [String]
    /// The image's environment (with `PATH` and `LD_LIBRARY_PATH`).
    public var environment: [String: String]
    /// Where the assembled root filesystem was kept (`--context`), if it was.
    public var context: String?

    enum CodingKeys: String, CodingKey {
        case tag, libraries, command, environment, context
        case imageID = "image_id"
        case rootFilesystemBytes = "rootfs_bytes"
        case fileCount = "file_count"
    }
}
