import Foundation

/// Builds an image with no registry and no base image: assembles the recipe's root filesystem
/// in a directory (each executable with the shared libraries `ldd` names, at the paths the
/// host's loader found them, so `LD_LIBRARY_PATH` alone lets them start), packs it with `tar`
/// and imports it with `docker import --change …` against whatever engine `docker` reaches
/// (`DOCKER_HOST` included).
public struct ImageBuilder: Sendable {
    /// Where to assemble the root filesystem and keep it; `nil` uses a temporary directory that
    /// is removed afterwards.
    public var contextDirectory: URL?
    /// Seconds `docker import` may take (it uploads a few hundred MB to the engine).
    public var importTimeout: Double

    public init(contextDirectory: URL? = nil, importTimeout: Double = 900) {
        self.contextDirectory = contextDirectory
        self.importTimeout = importTimeout
    }

    /// Builds `recipe`; `progress` hears each step.
    public func build(_ recipe: ImageRecipe, progress: (String) -> Void = { _ in }) throws -> ImageBuildReport {
        let context = contextDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("asrctl-image-\(UUID().uuidString)")
        let root = context.appendingPathComponent("rootfs")
        if FileManager.default.fileExists(atPath: root.path) { try FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { if contextDirectory == nil { try? FileManager.default.removeItem(at: context) } }

        progress("resolving shared libraries (ldd)")
        let closure = try SharedLibraryClosure.of(recipe.files.filter(\.needsLibraries).map(\.source))
        progress("assembling the root filesystem in \(root.path)")
        var bytes: UInt64 = 0
        var count = 0
        for library in closure.libraries {
            bytes += try copy(URL(fileURLWithPath: library), to: library, under: root, count: &count)
        }
        for file in recipe.files {
            bytes += try copy(file.source, to: file.destination, under: root, count: &count)
        }
        for (path, mode) in recipe.directories {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        }
        for (path, text) in recipe.textFiles {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            bytes += UInt64(text.utf8.count)
            count += 1
        }

        let changes = try recipe.importChanges(libraryPath: closure.directories)
        let archive = context.appendingPathComponent("rootfs.tar")
        progress("packing \(count) files (\(bytes >> 20) MB)")
        _ = try run("tar", ["--numeric-owner", "--owner=0", "--group=0", "-C", root.path, "-cf", archive.path, "."], timeout: 600)
        progress("importing as \(recipe.tag) (docker import)")
        let output = try run("docker", ["import"] + changes.flatMap { ["--change", $0] } + [archive.path, recipe.tag], timeout: importTimeout)
        try? FileManager.default.removeItem(at: archive)
        let imageID = output.split(separator: "\n").last.map(String.init) ?? output

        var environment = recipe.environment
        environment["PATH"] = environment["PATH"] ?? ImageRecipe.searchPath
        environment["LD_LIBRARY_PATH"] = closure.directories.joined(separator: ":")
        return ImageBuildReport(
            tag: recipe.tag,
            imageID: imageID,
            rootFilesystemBytes: bytes,
            fileCount: count,
            libraries: closure.libraries,
            command: recipe.command,
            environment: environment,
            context: contextDirectory.map { $0.path }
        )
    }

    /// Copies `source` (a file, symlinks followed, or a directory tree) to `destination` inside
    /// `root`; returns the bytes copied.
    private func copy(_ source: URL, to destination: String, under root: URL, count: inout Int) throws -> UInt64 {
        let resolved = source.resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isDirectory) else {
            throw ImageBuildError.fileMissing(path: source.path, hint: "it was there when the image was planned; is something removing it?")
        }
        let target = root.appendingPathComponent(destination)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
        try FileManager.default.copyItem(at: resolved, to: target)
        guard isDirectory.boolValue else {
            count += 1
            return (try FileManager.default.attributesOfItem(atPath: target.path)[.size] as? UInt64) ?? 0
        }
        var bytes: UInt64 = 0
        let files = FileManager.default.enumerator(at: target, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        while let file = files?.nextObject() as? URL {
            let values = try file.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            if values.isRegularFile == true {
                bytes += UInt64(values.fileSize ?? 0)
                count += 1
            }
        }
        return bytes
    }

    /// Runs a tool; its standard output, or `ImageBuildError.toolFailed` with what it said.
    private func run(_ tool: String, _ arguments: [String], timeout: Double) throws -> String {
        guard let result = Subprocess(timeout: timeout).run(tool, arguments) else {
            throw ImageBuildError.toolFailed(tool: tool, detail: "\(tool) is not installed")
        }
        guard result.succeeded else {
            let said = (result.standardError + result.standardOutput).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ImageBuildError.toolFailed(
                tool: "\(tool) \(arguments.first ?? "")",
                detail: result.timedOut ? "did not finish within \(Int(timeout)) s" : said
            )
        }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
