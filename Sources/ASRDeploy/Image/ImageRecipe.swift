import Foundation

/// What goes into an image built without a registry or a base image: the files of its root
/// filesystem (executables bring their shared libraries), and the image configuration
/// (`CMD`, `ENV`, `EXPOSE`, `WORKDIR`) that `docker import --change` applies.
public struct ImageRecipe: Sendable, Equatable {
    /// The tag to import as, e.g. `asrctl-runtime:latest`.
    public var tag: String
    /// Files and whole directories copied from this host.
    package var files: [ImageFile]
    /// Empty directories to create, with their permission bits (e.g. `/tmp` 01777).
    public var directories: [String: Int]
    /// Small text files written into the image (`/etc/passwd`, `/etc/nsswitch.conf`).
    public var textFiles: [String: String]
    /// The default command (`CMD`, exec form).
    public var command: [String]
    /// Environment of every process in the container; `LD_LIBRARY_PATH` is added at build time.
    public var environment: [String: String]
    /// TCP ports the image documents (`EXPOSE`).
    public var exposedPorts: [Int]
    /// The working directory (`WORKDIR`).
    public var workingDirectory: String

    package init(
        tag: String,
        files: [ImageFile],
        directories: [String: Int] = ImageRecipe.baseDirectories,
        textFiles: [String: String] = ImageRecipe.baseTextFiles,
        command: [String],
        environment: [String: String] = [:],
        exposedPorts: [Int] = [],
        workingDirectory: String = "/"
    ) {
        self.tag = tag
        self.files = files
        self.directories = directories
        self.textFiles = textFiles
        self.command = command
        self.environment = environment
        self.exposedPorts = exposedPorts
        self.workingDirectory = workingDirectory
    }

    /// `/tmp` writable by all (sticky), as every program expects; Compose may mount a tmpfs over it.
    public static let baseDirectories: [String: Int] = ["/tmp": 0o1777]

    /// The few files glibc and Foundation read: users and groups for root and nobody, and name
    /// resolution from Docker's /etc/hosts, then its DNS (Compose service names).
    public static let baseTextFiles: [String: String] = [
        "/etc/passwd": "root:x:0:0:root:/root:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
        "/etc/group": "root:x:0:\nnogroup:x:65534:\n",
        "/etc/nsswitch.conf": "passwd: files\ngroup: files\nhosts: files dns\n",
    ]

    /// The search path of every image: where `ImageFile.program` puts programs.
    public static let searchPath = "/usr/local/bin:/usr/bin:/bin"

    /// The `--change` lines for `docker import`: CMD (exec form), ENV (sorted), EXPOSE, WORKDIR.
    /// - Parameter libraryPath: the `LD_LIBRARY_PATH` the assembled root filesystem needs.
    public func importChanges(libraryPath: [String]) throws -> [String] {
        var environment = self.environment
        environment["PATH"] = environment["PATH"] ?? Self.searchPath
        if !libraryPath.isEmpty { environment["LD_LIBRARY_PATH"] = libraryPath.joined(separator: ":") }
        for (name, value) in environment where value.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "\\" }) {
            throw ImageBuildError.toolFailed(tool: "docker import", detail: "ENV \(name) must not contain spaces, quotes or backslashes: \(value)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var lines = ["CMD " + String(decoding: try encoder.encode(command), as: UTF8.self)]
        lines += environment.keys.sorted().map { "ENV \($0)=\(environment[$0]!)" }
        lines += exposedPorts.map { "EXPOSE \($0)/tcp" }
        lines.append("WORKDIR \(workingDirectory)")
        return lines
    }
}
