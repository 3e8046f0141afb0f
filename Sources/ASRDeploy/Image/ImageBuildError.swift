/// Why `asrctl image build` could not build an image, with what to do about it.
public enum ImageBuildError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file the image needs is not on this host.
    case fileMissing(path: String, hint: String)
    /// The dynamic loader cannot find a library an executable needs.
    case libraryMissing(executable: String, library: String)
    /// `ldd`, `tar` or `docker` is missing or failed.
    case toolFailed(tool: String, detail: String)

    public var description: String {
        switch self {
        case let .fileMissing(path, hint):
            return "\(path) is missing: \(hint)"
        case let .libraryMissing(executable, library):
            return "\(executable) needs \(library), which the dynamic loader cannot find on this host"
        case let .toolFailed(tool, detail):
            return "\(tool) failed: \(detail)"
        }
    }
}
