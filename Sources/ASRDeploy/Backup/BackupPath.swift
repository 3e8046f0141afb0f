/// Normalisation and safety checks for the relative paths stored in a backup.
///
/// Every path that goes into or comes out of an archive passes through here, so an
/// archive can never name a file outside the directory it is restored into.
enum BackupPath {
    /// Why a path was refused.
    struct Problem: Error, Sendable {
        let reason: String
    }

    /// The name of the manifest inside every archive.
    static let manifestName = "MANIFEST.json"

    /// Returns `raw` as a clean relative path (`a/b/c`: no leading `./`, no empty or
    /// `.` components), or throws when it is absolute, contains `..`, or is empty.
    static func normalized(_ raw: String) throws(Problem) -> String {
        if raw.isEmpty { throw Problem(reason: "the path is empty") }
        if raw.utf8.contains(0) { throw Problem(reason: "the path contains a NUL byte") }
        if raw.hasPrefix("/") { throw Problem(reason: "absolute paths are not allowed") }
        let components = raw.split(separator: "/", omittingEmptySubsequences: true)
            .filter { $0 != "." }
        if components.contains("..") {
            throw Problem(reason: "'..' components are not allowed (path traversal)")
        }
        if components.isEmpty { throw Problem(reason: "the path names the root directory itself") }
        return components.joined(separator: "/")
    }

    /// Whether `path` is `directory` itself or lies inside it (both normalised, relative).
    static func path(_ path: String, isInside directory: String) -> Bool {
        path == directory || path.hasPrefix(directory + "/")
    }
}
