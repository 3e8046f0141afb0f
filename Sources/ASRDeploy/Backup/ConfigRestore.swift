import Foundation

/// Checks and restores configuration backups made by `ConfigBackup`.
///
/// The archive is decompressed with `gzip -dc` and parsed in memory; every member is
/// checked before anything is written: names must be relative without `..`, only regular
/// files and directories are allowed, no member may appear twice. The regular files are
/// then extracted into a private temporary directory, and `MANIFEST.json` must list each
/// of them with the right size and SHA-256 — and nothing else may be present.
///
/// Restoring writes each file atomically (temporary file + rename) with its archived
/// mode, after saving every file it replaces or re-modes into a new safety archive
/// `asr_config_pre_restore_YYYYMMDD_HHMMSS.tar.gz` (local time) in the safety directory
/// — by default `<root>/backups`. That archive is an ordinary backup: restoring it undoes
/// the restore. Files that are not in the archive are never deleted.
public struct ConfigRestore: Sendable {
    /// Most bytes an archive may decompress to (a guard against gzip bombs).
    public static let maximumUncompressedSize = 1 << 30

    /// Creates a restorer.
    public init() {}

    /// Verifies `archive` completely and returns its manifest. Changes nothing.
    ///
    /// - Throws: `BackupError.archiveUnreadable` (missing, not gzip, truncated, corrupt tar),
    ///   `.unsafeEntry` (absolute path, `..`, link, device, duplicate), `.manifestMissing`,
    ///   `.manifestInvalid`, `.unsupportedManifestVersion`, `.integrityFailure` (size or
    ///   SHA-256 mismatch, listed file absent), `.unlistedFile`.
    package func inspect(_ archive: URL) throws -> BackupManifest {
        try withVerifiedArchive(archive) { manifest, _ in manifest }
    }

    /// Verifies `archive` and works out, per file, whether restoring into `root` would
    /// create, replace, only re-mode, or leave it unchanged. Changes nothing.
    ///
    /// - Throws: the errors of `inspect`, and `BackupError.restoreConflict` when a target
    ///   exists but is not a regular file (a directory, a symbolic link, …).
    package func plan(_ archive: URL, into root: URL) throws -> RestorePlan {
        try withVerifiedArchive(archive) { manifest, _ in
            try makePlan(archive: archive, manifest: manifest, root: root)
        }
    }

    /// Restores `archive` into `root`.
    ///
    /// With `dryRun` the plan is returned and nothing is touched. Otherwise every file
    /// that will be replaced or re-moded is first saved into a new safety archive in
    /// `safetyBackupDirectory` (default `<root>/backups`), then each file is written
    /// atomically with its archived mode. Files not in the archive are left alone.
    ///
    /// - Parameters:
    ///   - date: names the safety archive (`asr_config_pre_restore_YYYYMMDD_HHMMSS`, in `timeZone`).
    /// - Throws: the errors of `plan`; `BackupError.restoreFailed` when writing fails
    ///   part-way (it names the written files and the safety archive).
    package func restore(
        _ archive: URL,
        into root: URL,
        dryRun: Bool,
        safetyBackupDirectory: URL? = nil,
        date: Date = Date(),
        timeZone: TimeZone = .current
    ) throws -> RestoreReport {
        let root = root.standardizedFileURL
        return try withVerifiedArchive(archive) { manifest, staging in
            let plan = try makePlan(archive: archive, manifest: manifest, root: root)
            if dryRun || !plan.hasChanges {
                return RestoreReport(plan: plan, dryRun: dryRun, safetyBackup: nil)
            }

            let atRisk = plan.entries.filter { $0.action == .replace || $0.action == .updateMode }.map(\.path)
            var safety: BackupResult?
            if !atRisk.isEmpty {
                let directory =
                    safetyBackupDirectory
                    ?? root.appendingPathComponent(ConfigBackup.defaultOutputDirectoryName, isDirectory: true)
                let baseName = ConfigBackup.preRestorePrefix + ConfigBackup.stamp(date, timeZone: timeZone, withTime: true)
                safety = try ConfigBackup(projectRoot: root, includePaths: atRisk)
                    .create(in: directory, date: date, baseName: baseName)
                let saved = Set(safety?.manifest.files.map(\.path) ?? [])
                if let lost = atRisk.first(where: { !saved.contains($0) }) {
                    throw BackupError.restoreConflict(
                        path: lost,
                        reason: "it could not be saved to the safety archive (it lies inside the safety directory)"
                    )
                }
            }

            var written: [String] = []
            for entry in plan.entries where entry.action.changesFile {
                let target = root.appendingPathComponent(entry.path)
                do {
                    if entry.action == .updateMode {
                        try BackupFileSystem.setMode(target, entry.mode)
                    } else {
                        try FileManager.default.createDirectory(
                            at: target.deletingLastPathComponent(),
                            withIntermediateDirectories: true
                        )
                        let data = try Data(contentsOf: staging.appendingPathComponent(entry.path))
                        try BackupFileSystem.replaceAtomically(target, with: data, mode: entry.mode)
                    }
                } catch {
                    throw BackupError.restoreFailed(
                        path: entry.path,
                        problem: "\(error)",
                        written: written,
                        safetyArchive: safety?.archivePath
                    )
                }
                written.append(entry.path)
            }
            return RestoreReport(plan: plan, dryRun: false, safetyBackup: safety)
        }
    }

    // MARK: - Planning

    private func makePlan(archive: URL, manifest: BackupManifest, root: URL) throws -> RestorePlan {
        let root = root.standardizedFileURL
        guard BackupFileSystem.isDirectory(root) else {
            throw BackupError.fileSystem(path: root.path, problem: "restore target is not an existing directory")
        }
        var entries: [RestorePlanEntry] = []
        for file in manifest.files {
            try checkParents(of: file.path, under: root)
            let target = root.appendingPathComponent(file.path)
            let action: RestoreAction
            var currentMode: Int?
            switch BackupFileSystem.kind(of: target) {
            case .missing:
                action = .create
            case .regular(let size, let mode):
                currentMode = mode
                if size == file.size, try currentDigest(of: target) == file.sha256 {
                    action = mode == file.mode ? .unchanged : .updateMode
                } else {
                    action = .replace
                }
            case .directory:
                throw BackupError.restoreConflict(path: target.path, reason: "a directory is in the way")
            case .symbolicLink:
                throw BackupError.restoreConflict(path: target.path, reason: "it is a symbolic link; restore only writes regular files")
            case .other:
                throw BackupError.restoreConflict(path: target.path, reason: "it is not a regular file")
            }
            entries.append(
                RestorePlanEntry(
                    path: file.path,
                    action: action,
                    size: file.size,
                    mode: file.mode,
                    currentMode: currentMode
                )
            )
        }
        return RestorePlan(
            archivePath: archive.standardizedFileURL.path,
            rootPath: root.path,
            manifest: manifest,
            entries: entries
        )
    }

    /// Every existing ancestor of `path` under `root` must be a directory (links to directories are fine).
    private func checkParents(of path: String, under root: URL) throws {
        var current = root
        for component in path.split(separator: "/").dropLast() {
            current = current.appendingPathComponent(String(component))
            if BackupFileSystem.kind(of: current) == .missing { return }
            if !BackupFileSystem.isDirectory(current) {
                throw BackupError.restoreConflict(path: current.path, reason: "it is a file where the backup needs a directory")
            }
        }
    }

    private func currentDigest(of url: URL) throws -> String {
        do {
            return BackupFileSystem.sha256Hex(try Data(contentsOf: url))
        } catch {
            throw BackupError.fileSystem(path: url.path, problem: "cannot read: \(error.localizedDescription)")
        }
    }

    // MARK: - Verification

    /// Decompresses, checks and extracts `archive` into a private temporary directory,
    /// verifies it against its manifest, runs `body`, and removes the directory.
    private func withVerifiedArchive<T>(_ archive: URL, _ body: (BackupManifest, URL) throws -> T) throws -> T {
        let name = archive.standardizedFileURL.path
        func unreadable(_ reason: String) -> BackupError { .archiveUnreadable(archive: name, reason: reason) }

        switch BackupFileSystem.kind(of: archive) {
        case .regular: break
        case .missing: throw unreadable("no such file")
        default: throw unreadable("not a regular file")
        }

        let gzip = try BackupError.run(
            Subprocess(timeout: nil, outputLimit: .stop(Self.maximumUncompressedSize)),
            "gzip",
            ["-dc", "--", name]
        )
        if gzip.outputLimitExceeded {
            throw unreadable("it decompresses to more than \(Self.maximumUncompressedSize) bytes")
        }
        guard gzip.succeeded else {
            let message = gzip.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
                .replacingOccurrences(of: "gzip: \(name): ", with: "")
            throw unreadable(
                "gzip cannot decompress it (\(message.isEmpty ? gzip.exitDescription : message)); it is truncated, corrupt or not a .tar.gz"
            )
        }

        let members: [TarEntry]
        do {
            members = try TarReader.entries(in: gzip.output)
        } catch {
            throw unreadable("corrupt tar data: \(error.reason)")
        }

        // 1. Check every member before writing anything.
        var files: [String: TarEntry] = [:]
        for member in members {
            let path: String
            do {
                path = try BackupPath.normalized(member.name)
            } catch {
                if member.kind == .directory, member.name.split(separator: "/").allSatisfy({ $0 == "." }) {
                    continue  // "./" — the archive root itself
                }
                throw BackupError.unsafeEntry(archive: name, entry: member.name, reason: error.reason)
            }
            switch member.kind {
            case .regular:
                if files[path] != nil {
                    throw BackupError.unsafeEntry(archive: name, entry: member.name, reason: "it appears more than once")
                }
                files[path] = member
            case .directory:
                continue
            case .symbolicLink(let target):
                throw BackupError.unsafeEntry(archive: name, entry: member.name, reason: "symbolic links are not allowed (-> \(target))")
            case .hardLink(let target):
                throw BackupError.unsafeEntry(archive: name, entry: member.name, reason: "hard links are not allowed (-> \(target))")
            case .other(let flag):
                throw BackupError.unsafeEntry(
                    archive: name,
                    entry: member.name,
                    reason: "member type '\(String(UnicodeScalar(flag)))' is not allowed; only regular files and directories"
                )
            }
        }
        for path in files.keys {
            // A file whose path is also a directory of another file could not be extracted.
            if let parent = files.keys.first(where: { $0 != path && BackupPath.path(path, isInside: $0) }) {
                throw BackupError.unsafeEntry(archive: name, entry: path, reason: "'\(parent)' is both a file and a directory")
            }
        }

        // 2. The manifest.
        guard let manifestMember = files.removeValue(forKey: BackupPath.manifestName) else {
            throw BackupError.manifestMissing(archive: name)
        }
        let manifest = try decodeManifest(manifestMember.data, archive: name)

        // 3. Extract into a private directory.
        let staging = try BackupFileSystem.makePrivateTemporaryDirectory(prefix: "asrctl-restore")
        defer { BackupFileSystem.removeQuietly(staging) }
        for (path, member) in files.sorted(by: { $0.key < $1.key }) {
            let destination = staging.appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(
                    at: destination.deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
                try BackupFileSystem.writeNew(member.data, to: destination, mode: 0o600)
            } catch {
                throw unreadable("cannot extract '\(path)' into \(staging.path): \(error)")
            }
        }

        // 4. Verify the extracted files against the manifest, both ways.
        var listed = Set<String>()
        for entry in manifest.files {
            let normalized: String
            do {
                normalized = try BackupPath.normalized(entry.path)
            } catch {
                throw BackupError.manifestInvalid(archive: name, reason: "entry '\(entry.path)': \(error.reason)")
            }
            guard normalized == entry.path, entry.path != BackupPath.manifestName else {
                throw BackupError.manifestInvalid(archive: name, reason: "entry '\(entry.path)' is not a plain relative path")
            }
            guard listed.insert(entry.path).inserted else {
                throw BackupError.manifestInvalid(archive: name, reason: "'\(entry.path)' is listed twice")
            }
            guard files[entry.path] != nil else {
                throw BackupError.integrityFailure(
                    archive: name,
                    path: entry.path,
                    problem: "listed in \(BackupPath.manifestName) but missing from the archive"
                )
            }
            let extracted = staging.appendingPathComponent(entry.path)
            let data: Data
            do {
                data = try Data(contentsOf: extracted)
            } catch {
                throw unreadable("cannot read extracted '\(entry.path)': \(error.localizedDescription)")
            }
            if data.count != entry.size {
                throw BackupError.integrityFailure(
                    archive: name,
                    path: entry.path,
                    problem: "size is \(data.count) bytes, the manifest says \(entry.size)"
                )
            }
            let digest = BackupFileSystem.sha256Hex(data)
            if digest != entry.sha256 {
                throw BackupError.integrityFailure(
                    archive: name,
                    path: entry.path,
                    problem: "SHA-256 is \(digest), the manifest says \(entry.sha256) (the file was altered)"
                )
            }
        }
        if let unlisted = files.keys.sorted().first(where: { !listed.contains($0) }) {
            throw BackupError.unlistedFile(archive: name, path: unlisted)
        }

        return try body(manifest, staging)
    }

    /// Just the format version, read before the full manifest so that a newer format
    /// gets a clear "unsupported version" rather than a decoding error.
    private struct VersionProbe: Decodable {
        let formatVersion: Int
        enum CodingKeys: String, CodingKey { case formatVersion = "format_version" }
    }

    private func decodeManifest(_ data: Data, archive: String) throws -> BackupManifest {
        let version: Int
        do {
            version = try JSONDecoder().decode(VersionProbe.self, from: data).formatVersion
        } catch {
            throw BackupError.manifestInvalid(archive: archive, reason: "no format_version (\(Self.describe(error)))")
        }
        guard version == BackupManifest.currentFormatVersion else {
            throw BackupError.unsupportedManifestVersion(archive: archive, version: version)
        }
        do {
            return try BackupManifest.decode(from: data)
        } catch {
            throw BackupError.manifestInvalid(archive: archive, reason: Self.describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context),
            DecodingError.keyNotFound(_, let context),
            DecodingError.typeMismatch(_, let context),
            DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
