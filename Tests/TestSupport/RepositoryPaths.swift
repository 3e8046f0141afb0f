import Foundation

/// Paths inside this repository, found from this source file's location.
public enum RepositoryPaths {
    /// The repository root (the directory holding Package.swift).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped profiles directory.
    public static var profiles: URL { root.appendingPathComponent("profiles") }

    /// The real-world files from the guide's fork (its two profiles and its Compose file), copied
    /// into the repository so that a clone tests on its own (see Tests/Fixtures/lmq-fork/README.md).
    public static var forkReference: URL {
        root.appendingPathComponent("Tests/Fixtures/lmq-fork")
    }

    /// The built `asrctl` binary of the current build configuration: `ASRCTL_BINARY` if set,
    /// else the one beside the test bundle in the build directory.
    public static var asrctlBinary: URL {
        if let path = ProcessInfo.processInfo.environment["ASRCTL_BINARY"] { return URL(fileURLWithPath: path) }
        let bundle = Bundle.main.bundleURL
        let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("asrctl") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }
}
