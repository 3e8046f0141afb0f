import Digests
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Low-level file operations backup and restore need beyond `FileManager`: `lstat`
/// without following links, exclusive creation with an exact mode, no-clobber
/// publishing, atomic replacement and SHA-256.
enum BackupFileSystem {
    /// What is at a path, without following a final symbolic link.
    enum Kind: Sendable, Equatable {
        case missing
        case regular(size: Int, mode: Int)
        case directory
        case symbolicLink
        case other
    }

    /// The permission bits backups record and restore (`rwx` for user, group, other).
    static let permissionMask = 0o777

    static func kind(of url: URL) -> Kind {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int(info.st_size), mode: Int(info.st_mode) & permissionMask)
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// Whether `url` exists and, following links, is a directory.
    static func isDirectory(_ url: URL) -> Bool {
        var info = stat()
        return stat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether something (even a dangling link) exists at `url`.
    static func exists(_ url: URL) -> Bool {
        kind(of: url) != .missing
    }

    /// The lowercase hex SHA-256 of `data`.
    static func sha256Hex(_ data: Data) -> String {
        SHA256Digest.hex(data)
    }

    /// `mode` as four octal digits, e.g. `0644`.
    static func octal(_ mode: Int) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The description of the current `errno`.
    static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// Creates a new file that must not exist yet, with exactly `mode` (umask ignored).
    static func createExclusive(_ url: URL, mode: Int) throws -> FileHandle {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
        guard fd >= 0 else {
            throw BackupError.fileSystem(path: url.path, problem: "cannot create: \(errnoText())")
        }
        guard fchmod(fd, mode_t(mode)) == 0 else {
            let text = errnoText()
            close(fd)
            unlink(url.path)
            throw BackupError.fileSystem(path: url.path, problem: "cannot set mode: \(text)")
        }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Writes `data` to a new file at `url` with exactly `mode`, flushed to disk.
    static func writeNew(_ data: Data, to url: URL, mode: Int) throws {
        let handle = try createExclusive(url, mode: mode)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            unlink(url.path)
            throw BackupError.fileSystem(path: url.path, problem: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Replaces (or creates) the file at `url` with `data` and `mode` atomically: the
    /// bytes go into a hidden temporary file in the same directory, which is then
    /// renamed over the target, so readers see the old file or the new one, never half.
    static func replaceAtomically(_ url: URL, with data: Data, mode: Int) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).asrctl-restore-\(UUID().uuidString)")
        try writeNew(data, to: temporary, mode: mode)
        guard rename(temporary.path, url.path) == 0 else {
            let text = errnoText()
            unlink(temporary.path)
            throw BackupError.fileSystem(path: url.path, problem: "cannot replace: \(text)")
        }
    }

    /// Sets the permission bits of `url`.
    static func setMode(_ url: URL, _ mode: Int) throws {
        guard chmod(url.path, mode_t(mode)) == 0 else {
            throw BackupError.fileSystem(path: url.path, problem: "cannot change mode: \(errnoText())")
        }
    }

    /// Gives the finished file `source` the name `destination` only if that name is free.
    ///
    /// Uses `link(2)`, which fails atomically with `EEXIST` when the name is taken — no
    /// window in which an existing archive could be overwritten. Returns `false` when
    /// the name is taken. `source` is left in place; the caller removes it.
    /// On file systems without hard links it falls back to check-then-rename.
    static func publishWithoutOverwriting(_ source: URL, as destination: URL) throws -> Bool {
        if link(source.path, destination.path) == 0 { return true }
        let code = errno
        if code == EEXIST { return false }
        if code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == EMLINK {
            if exists(destination) { return false }
            guard rename(source.path, destination.path) == 0 else {
                throw BackupError.fileSystem(path: destination.path, problem: "cannot rename: \(errnoText())")
            }
            return true
        }
        throw BackupError.fileSystem(path: destination.path, problem: "cannot create: \(errnoText(code))")
    }

    /// Flushes a directory's entries (new names) to disk; best effort.
    static func synchronizeDirectory(_ url: URL) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Creates a private (0700) temporary directory for staging archive contents.
    static func makePrivateTemporaryDirectory(prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        guard mkdir(url.path, 0o700) == 0 else {
            throw BackupError.fileSystem(path: url.path, problem: "cannot create temporary directory: \(errnoText())")
        }
        return url
    }

    /// Removes `url` and everything under it, ignoring errors (cleanup).
    static func removeQuietly(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    /// This machine's host name, from `gethostname(2)` (no DNS lookup).
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "unknown" : name
    }
}
