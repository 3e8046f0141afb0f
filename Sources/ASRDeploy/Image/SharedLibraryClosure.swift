import Foundation

/// The shared libraries a set of executables loads, as the dynamic loader of this host resolves
/// them (`ldd`), including the loader itself — what a `FROM scratch` image must carry for the
/// executables to start.
package struct SharedLibraryClosure: Sendable, Equatable {
    /// Absolute paths as `ldd` prints them (the path the loader looks up, possibly a symlink),
    /// sorted and without duplicates.
    package var libraries: [String]

    /// The directories holding `libraries`, in first-seen order of the sorted list: the image's
    /// `LD_LIBRARY_PATH`, since a scratch image has no `/etc/ld.so.cache`.
    package var directories: [String] {
        var seen = Set<String>()
        return libraries.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
            .filter { seen.insert($0).inserted }
    }

    package init(libraries: [String]) {
        self.libraries = Array(Set(libraries)).sorted()
    }

    /// Runs `ldd` on each executable and merges what it names.
    /// - Throws: `ImageBuildError.libraryMissing` when the loader cannot find a library, and
    ///   `.toolFailed` when `ldd` is missing or rejects a file.
    package static func of(_ executables: [URL]) throws -> SharedLibraryClosure {
        var libraries: [String] = []
        for executable in executables {
            guard let result = Subprocess(timeout: 60).run("ldd", [executable.path]) else {
                throw ImageBuildError.toolFailed(tool: "ldd", detail: "ldd is not installed (Debian: libc-bin)")
            }
            guard result.succeeded else {
                throw ImageBuildError.toolFailed(
                    tool: "ldd",
                    detail: "\(executable.path): \((result.standardOutput + result.standardError).trimmingCharacters(in: .whitespacesAndNewlines))"
                )
            }
            let parsed = parse(lddOutput: result.standardOutput)
            if let missing = parsed.missing.first {
                throw ImageBuildError.libraryMissing(executable: executable.path, library: missing)
            }
            libraries += parsed.paths
        }
        return SharedLibraryClosure(libraries: libraries)
    }

    /// Reads `ldd` output: `name => /path (0x…)` lines give a library, a bare `/path (0x…)` line
    /// the loader, `name => not found` a missing library; the vDSO (no file) is skipped.
    package static func parse(lddOutput: String) -> (paths: [String], missing: [String]) {
        var paths: [String] = []
        var missing: [String] = []
        for rawLine in lddOutput.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let arrow = line.range(of: "=>") {
                let name = line[..<arrow.lowerBound].trimmingCharacters(in: .whitespaces)
                let target = line[arrow.upperBound...].trimmingCharacters(in: .whitespaces)
                if target.hasPrefix("not found") {
                    missing.append(name)
                } else if let path = target.split(separator: " ").first, path.hasPrefix("/") {
                    paths.append(String(path))
                }
            } else if let path = line.split(separator: " ").first, path.hasPrefix("/") {
                paths.append(String(path))
            }
        }
        return (paths, missing)
    }
}
