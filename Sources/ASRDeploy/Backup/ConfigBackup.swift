import Foundation

/// Makes configuration backups: `asr_config_backup_YYYYMMDD.tar.gz` archives of a
/// project's profiles, state and rendered output, with a `MANIFEST.json` of SHA-256
/// sums, and copies them to another host with `scp`.
///
/// The date in the name is the **local** date of the backup (as the deployment guide's
/// `$(date +%Y%m%d)` gives), so an operator finds today's backup under today's date.
/// `MANIFEST.json` records the exact instant in UTC.
///
/// How an archive is made, and why:
/// 1. Files are copied into a private (0700) staging directory and hashed there, so the
///    manifest and the archived bytes always agree even if a file changes meanwhile.
/// 2. GNU `tar` archives the staging directory into a hidden temporary file in the output
///    directory, created 0600 before any byte is written (backups may hold tokens).
/// 3. The temporary archive is read back and verified exactly as `restore` would.
/// 4. It is published under the first free name — `…_YYYYMMDD.tar.gz`, then `_2`, `_3`, … —
///    with `link(2)`, which never replaces an existing file, and the temporary is removed.
public struct ConfigBackup: Sendable {
    /// The file-name prefix of configuration backups.
    public static let archivePrefix = "asr_config_backup_"
    /// The file-name prefix of the safety archives `ConfigRestore` makes before replacing files.
    public static let preRestorePrefix = "asr_config_pre_restore_"
    /// The include paths the deployment uses: profiles (with presets), active state, rendered output.
    public static let defaultIncludePaths = ["profiles", ".asrctl", "deploy"]
    /// The default output directory, relative to the project root.
    public static let defaultOutputDirectoryName = "backups"

    /// The project directory the include paths are relative to.
    public let projectRoot: URL
    /// Relative paths (files or directories) to back up.
    public let includePaths: [String]
    /// The asrctl version written into the manifest.
    public let asrctlVersion: String
    /// The host name written into the manifest.
    public let hostName: String

    /// Describes a backup of `includePaths` under `projectRoot`.
    ///
    /// - Parameters:
    ///   - asrctlVersion: recorded in the manifest; defaults to `ASRDeploy.version`.
    ///   - hostName: recorded in the manifest; defaults to this machine's `gethostname(2)`.
    public init(
        projectRoot: URL,
        includePaths: [String] = ConfigBackup.defaultIncludePaths,
        asrctlVersion: String = ASRDeploy.version,
        hostName: String? = nil
    ) {
        self.projectRoot = projectRoot.standardizedFileURL
        self.includePaths = includePaths
        self.asrctlVersion = asrctlVersion
        self.hostName = hostName ?? BackupFileSystem.hostName()
    }

    /// The archive name for a backup made at `date`: `asr_config_backup_YYYYMMDD` (no
    /// extension), using the calendar date in `timeZone` (local time by default).
    public static func archiveBaseName(for date: Date, timeZone: TimeZone = .current) -> String {
        archivePrefix + stamp(date, timeZone: timeZone, withTime: false)
    }

    /// Creates a backup archive in `outputDirectory` (created if needed).
    ///
    /// Missing include paths are skipped and reported in the result; symbolic links and
    /// special files are skipped and reported. Never overwrites an existing archive.
    ///
    /// - Parameters:
    ///   - date: the backup time; names the archive (local date) and goes into the manifest.
    ///   - timeZone: the zone whose calendar date names the archive.
    /// - Throws: `BackupError.nothingToBackUp` when no include path holds a file;
    ///   `.invalidIncludePath`, `.fileSystem`, `.toolMissing`, `.toolFailed` otherwise.
    public func create(in outputDirectory: URL, date: Date = Date(), timeZone: TimeZone = .current) throws -> BackupResult {
        try create(in: outputDirectory, date: date, baseName: Self.archiveBaseName(for: date, timeZone: timeZone))
    }

    /// Copies `archive` to `destination` with
    /// `scp -o BatchMode=yes -o ConnectTimeout=10 -o LogLevel=ERROR ARCHIVE DEST`.
    ///
    /// BatchMode means no password prompt: key-based login must be set up. `scp -q` is
    /// not used because it also silences ssh's reason for a failure ("Connection
    /// refused", "Permission denied"); there is no progress meter anyway, as output is
    /// not a terminal. The local archive is never touched.
    ///
    /// - Throws: `BackupError.remoteCopyFailed` naming the archive, destination, exit
    ///   status and scp's message; `.toolMissing` when scp is not installed.
    public static func copy(_ archive: URL, to destination: RemoteDestination) throws {
        // An absolute path: scp can never mistake a local name containing ':' for a remote.
        let source = archive.standardizedFileURL.path
        guard case .regular = BackupFileSystem.kind(of: URL(fileURLWithPath: source)) else {
            throw BackupError.fileSystem(path: source, problem: "no such archive to copy")
        }
        let output = try BackupError.run(
            Subprocess(timeout: nil),
            "scp",
            ["-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR", source, destination.scpArgument]
        )
        guard output.succeeded else {
            // One line, and "scp:" rather than the full path scp reports itself by.
            let scpPath = ExternalProgram.locate("scp")?.path ?? "scp"
            var message = output.standardError
                .split(whereSeparator: \.isNewline)
                .map { line in
                    line.hasPrefix(scpPath + ": ") ? "scp: " + line.dropFirst(scpPath.count + 2) : String(line)
                }
                .joined(separator: "; ")
            if message.isEmpty { message = output.exitDescription }
            if output.status == 255 && !output.terminatedBySignal {
                message += " (ssh could not connect or log in; key-based login is required, no password prompt is possible)"
            }
            throw BackupError.remoteCopyFailed(
                archive: source,
                destination: destination.scpArgument,
                status: output.status,
                message: message
            )
        }
    }

    // MARK: - Internals shared with ConfigRestore

    /// Formats `date` as `YYYYMMDD` or `YYYYMMDD_HHMMSS` in `timeZone`.
    static func stamp(_ date: Date, timeZone: TimeZone, withTime: Bool) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text = pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2)
        if withTime { text += "_" + pad(parts.hour, 2) + pad(parts.minute, 2) + pad(parts.second, 2) }
        return text
    }

    /// A file found under an include path.
    private struct Candidate {
        let path: String
        let mode: Int
    }

    /// Creates an archive named `baseName.tar.gz` (or `baseName_N.tar.gz`) in `outputDirectory`.
    func create(in outputDirectory: URL, date: Date, baseName: String) throws -> BackupResult {
        let createdAt = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
        let requested = try normalizedIncludePaths()

        guard BackupFileSystem.isDirectory(projectRoot) else {
            throw BackupError.fileSystem(path: projectRoot.path, problem: "project root is not a directory")
        }
        let output = outputDirectory.standardizedFileURL
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        } catch {
            throw BackupError.fileSystem(path: output.path, problem: "cannot create output directory: \(error.localizedDescription)")
        }

        let (candidates, skipped, missing) = try collect(requested, excluding: relativeOutputDirectory(output))
        guard !candidates.isEmpty else {
            throw BackupError.nothingToBackUp(root: projectRoot.path, requested: requested)
        }

        let staging = try BackupFileSystem.makePrivateTemporaryDirectory(prefix: "asrctl-backup")
        defer { BackupFileSystem.removeQuietly(staging) }
        let content = staging.appendingPathComponent("content", isDirectory: true)
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: false)

        var entries: [BackupManifestEntry] = []
        for candidate in candidates {
            let source = projectRoot.appendingPathComponent(candidate.path)
            let data: Data
            do {
                data = try Data(contentsOf: source)
            } catch {
                throw BackupError.fileSystem(path: source.path, problem: "cannot read: \(error.localizedDescription)")
            }
            let staged = content.appendingPathComponent(candidate.path)
            try FileManager.default.createDirectory(
                at: staged.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            // Owner-read is forced on the staged copy so tar can read it; the manifest keeps the real mode.
            try BackupFileSystem.writeNew(data, to: staged, mode: candidate.mode | 0o400)
            entries.append(
                BackupManifestEntry(
                    path: candidate.path,
                    size: data.count,
                    mode: candidate.mode,
                    sha256: BackupFileSystem.sha256Hex(data)
                )
            )
        }

        let manifest = BackupManifest(
            createdAt: createdAt,
            asrctlVersion: asrctlVersion,
            hostName: hostName,
            includedPaths: requested,
            missingPaths: missing,
            files: entries
        )
        try BackupFileSystem.writeNew(
            manifest.jsonData(),
            to: content.appendingPathComponent(BackupPath.manifestName),
            mode: 0o600
        )

        // NUL-separated member list: names are taken verbatim, never as options.
        let list = staging.appendingPathComponent("members")
        let names = [BackupPath.manifestName] + manifest.files.map(\.path)
        try BackupFileSystem.writeNew(Data(names.joined(separator: "\0").utf8), to: list, mode: 0o600)

        let temporary = output.appendingPathComponent(".\(baseName).\(UUID().uuidString).tmp")
        let handle = try BackupFileSystem.createExclusive(temporary, mode: 0o600)
        defer { BackupFileSystem.removeQuietly(temporary) }
        let tar: Subprocess.Result
        do {
            tar = try BackupError.run(
                Subprocess(timeout: nil),
                "tar",
                [
                    "--create", "--gzip", "--file=-", "--format=gnu",
                    "--owner=0", "--group=0", "--numeric-owner",
                    "--directory=\(content.path)",
                    "--no-recursion", "--null", "--verbatim-files-from", "--files-from=\(list.path)",
                ],
                standardOutput: handle
            )
            try handle.synchronize()
            try handle.close()
        } catch let error as BackupError {
            throw error
        } catch {
            throw BackupError.fileSystem(path: temporary.path, problem: "cannot write archive: \(error.localizedDescription)")
        }
        guard tar.succeeded else {
            throw BackupError.toolFailed(tool: "tar", status: tar.status, message: tar.standardError.trimmingCharacters(in: .whitespacesAndNewlines))
        }

        // Read the archive back exactly as restore will, before it gets its real name.
        let verified = try ConfigRestore().inspect(temporary)
        guard verified == manifest else {
            throw BackupError.manifestInvalid(archive: temporary.path, reason: "the manifest read back differs from the one written")
        }

        let archive = try publish(temporary, in: output, baseName: baseName)
        BackupFileSystem.synchronizeDirectory(output)
        let size: Int
        if case .regular(let bytes, _) = BackupFileSystem.kind(of: archive) { size = bytes } else { size = 0 }
        return BackupResult(
            archivePath: archive.path,
            preferredFileName: baseName + ".tar.gz",
            archiveSize: size,
            manifest: manifest,
            skipped: skipped
        )
    }

    /// Gives the finished temporary archive the first free name; never overwrites.
    private func publish(_ temporary: URL, in output: URL, baseName: String) throws -> URL {
        for index in 1...999 {
            let name = index == 1 ? "\(baseName).tar.gz" : "\(baseName)_\(index).tar.gz"
            let candidate = output.appendingPathComponent(name)
            if try BackupFileSystem.publishWithoutOverwriting(temporary, as: candidate) {
                return candidate
            }
        }
        throw BackupError.archiveNamesExhausted(directory: output.path, baseName: baseName)
    }

    /// The include paths, normalised, deduplicated, in the given order.
    private func normalizedIncludePaths() throws -> [String] {
        var result: [String] = []
        for raw in includePaths {
            let path: String
            do {
                path = try BackupPath.normalized(raw)
            } catch {
                throw BackupError.invalidIncludePath(path: raw, reason: error.reason)
            }
            if path == BackupPath.manifestName {
                throw BackupError.invalidIncludePath(path: raw, reason: "\(BackupPath.manifestName) is reserved for the backup manifest")
            }
            if !result.contains(path) { result.append(path) }
        }
        return result
    }

    /// The output directory relative to the project root, when it lies inside it.
    private func relativeOutputDirectory(_ output: URL) -> String? {
        let root = projectRoot.resolvingSymlinksInPath().path
        let resolved = output.resolvingSymlinksInPath().path
        if resolved == root { return nil }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard resolved.hasPrefix(prefix) else { return nil }
        return String(resolved.dropFirst(prefix.count))
    }

    /// Walks the include paths without following symbolic links.
    private func collect(
        _ requested: [String],
        excluding outputRelative: String?
    ) throws
        -> (files: [Candidate], skipped: [BackupSkippedPath], missing: [String])
    {
        var files: [String: Candidate] = [:]
        var skipped: [BackupSkippedPath] = []
        var missing: [String] = []

        func visit(_ path: String) throws {
            if let outputRelative, BackupPath.path(path, isInside: outputRelative) {
                skipped.append(BackupSkippedPath(path: path, reason: .outputDirectory))
                return
            }
            let url = projectRoot.appendingPathComponent(path)
            switch BackupFileSystem.kind(of: url) {
            case .missing:
                break
            case .regular(_, let mode):
                files[path] = Candidate(path: path, mode: mode)
            case .directory:
                let children: [String]
                do {
                    children = try FileManager.default.contentsOfDirectory(atPath: url.path)
                } catch {
                    throw BackupError.fileSystem(path: url.path, problem: "cannot list directory: \(error.localizedDescription)")
                }
                for child in children.sorted() {
                    try visit(path + "/" + child)
                }
            case .symbolicLink:
                skipped.append(BackupSkippedPath(path: path, reason: .symbolicLink))
            case .other:
                skipped.append(BackupSkippedPath(path: path, reason: .specialFile))
            }
        }

        for path in requested {
            if BackupFileSystem.kind(of: projectRoot.appendingPathComponent(path)) == .missing {
                missing.append(path)
                skipped.append(BackupSkippedPath(path: path, reason: .missing))
            } else {
                try visit(path)
            }
        }
        let uniqueSkipped = skipped.reduce(into: [BackupSkippedPath]()) { if !$0.contains($1) { $0.append($1) } }
        return (files.values.sorted { $0.path < $1.path }, uniqueSkipped, missing)
    }
}
