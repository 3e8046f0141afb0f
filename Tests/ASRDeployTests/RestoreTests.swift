import ASRDeploy
import Foundation
import Testing

@Suite("restore")
struct BackupRestoreTests {
    @Test("round trip: modified and deleted files come back exactly; other files are left alone")
    func roundTrip() throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            let original = try snapshotFiles(root)
            let backup = try makeFixtureBackup(root)

            try writeBackupFixture(root, "profiles/presets/high-load.yaml", "ASR_MAX_CONCURRENT: 99\n")
            try writeBackupFixture(root, ".asrctl/state.json", "{\"active_preset\":\"low-load\"}\n", mode: 0o644)
            try FileManager.default.removeItem(at: root.appendingPathComponent("deploy/docker-compose.yml"))
            try FileManager.default.removeItem(at: root.appendingPathComponent("profiles/presets"))
            try writeBackupFixture(root, "deploy/extra.yml", "not in the backup\n")

            let report = try ConfigRestore().restore(
                backup.archiveURL,
                into: root,
                dryRun: false,
                safetyBackupDirectory: root.appendingPathComponent("safety"),
                date: backupTestDate,
                timeZone: backupTestZone
            )
            #expect(!report.dryRun)
            #expect(
                Set(report.changedPaths) == [
                    "profiles/presets/high-load.yaml", "profiles/presets/low-load.yaml",
                    ".asrctl/state.json", "deploy/docker-compose.yml",
                ]
            )

            var restored = try snapshotFiles(root, except: ["backups", "safety"])
            // Files that were not in the archive are never deleted.
            #expect(restored.removeValue(forKey: "deploy/extra.yml") != nil)
            #expect(sameSnapshot(restored, original), "restored files differ from the originals")
            #expect(try backupFileMode(root.appendingPathComponent(".asrctl/state.json")) == 0o600)

            // Restoring again changes nothing and makes no further safety copy.
            let again = try ConfigRestore().restore(
                backup.archiveURL,
                into: root,
                dryRun: false,
                safetyBackupDirectory: root.appendingPathComponent("safety")
            )
            #expect(!again.plan.hasChanges)
            #expect(again.safetyBackup == nil)
            #expect(again.description.contains("Nothing to restore"))
        }
    }

    @Test("dry run changes nothing and classifies create / replace / mode-only / unchanged")
    func dryRun() throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            let backup = try makeFixtureBackup(root)

            try writeBackupFixture(root, "deploy/docker-compose.yml", "version: '3.8'\n# edited by hand\n")
            try FileManager.default.removeItem(at: root.appendingPathComponent("profiles/presets/low-load.yaml"))
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o644],
                ofItemAtPath: root.appendingPathComponent(".asrctl/state.json").path
            )
            let before = try snapshotFiles(root)

            let report = try ConfigRestore().restore(backup.archiveURL, into: root, dryRun: true)
            #expect(report.dryRun)
            #expect(report.safetyBackup == nil)
            #expect(report.changedPaths.isEmpty)
            #expect(report.plan.created == ["profiles/presets/low-load.yaml"])
            #expect(report.plan.replaced == ["deploy/docker-compose.yml"])
            #expect(report.plan.modeUpdated == [".asrctl/state.json"])
            #expect(
                Set(report.plan.unchanged) == [
                    "deploy/.env", "profiles/asr_docker_optimized_4core_8gb.yaml",
                    "profiles/asr_memory_optimized_4core_8gb.yaml", "profiles/presets/high-load.yaml",
                ]
            )
            #expect(report.description.contains("Dry run: nothing was changed."))
            #expect(report.plan.summary == "1 to create, 1 to replace, 1 mode-only, 4 unchanged")

            #expect(sameSnapshot(try snapshotFiles(root), before), "a dry run changed files")
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("profiles/presets/low-load.yaml").path))
            let backups = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("backups").path)
            #expect(backups == [backup.fileName])

            // plan(_:into:) gives the same answer.
            #expect(try ConfigRestore().plan(backup.archiveURL, into: root) == report.plan)
        }
    }

    @Test("restore first saves every replaced file in a pre-restore safety archive")
    func safetyCopy() throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            let backup = try makeFixtureBackup(root)
            try writeBackupFixture(root, "deploy/docker-compose.yml", "edited compose\n")
            try writeBackupFixture(root, "profiles/presets/high-load.yaml", "edited preset\n", mode: 0o600)
            try FileManager.default.removeItem(at: root.appendingPathComponent("deploy/.env"))

            let report = try ConfigRestore().restore(
                backup.archiveURL,
                into: root,
                dryRun: false,
                date: backupTestDate,
                timeZone: backupTestZone
            )
            let safety = try #require(report.safetyBackup)
            #expect(safety.fileName == "asr_config_pre_restore_20250131_120000.tar.gz")
            #expect(safety.archiveURL.deletingLastPathComponent().lastPathComponent == "backups")
            #expect(try backupFileMode(safety.archiveURL) == 0o600)
            #expect(safety.manifest.files.map(\.path) == ["deploy/docker-compose.yml", "profiles/presets/high-load.yaml"])
            #expect(report.description.contains(safety.archivePath))

            // The safety archive holds the edited versions, readable by plain tar.
            let extracted = root.appendingPathComponent("check")
            try extractWithTar(safety.archiveURL, into: extracted)
            #expect(
                try String(contentsOf: extracted.appendingPathComponent("deploy/docker-compose.yml"), encoding: .utf8)
                    == "edited compose\n"
            )
            #expect(
                try String(contentsOf: extracted.appendingPathComponent("profiles/presets/high-load.yaml"), encoding: .utf8)
                    == "edited preset\n"
            )

            // Restoring the safety archive undoes the restore of the replaced files, mode included.
            _ = try ConfigRestore().restore(
                safety.archiveURL,
                into: root,
                dryRun: false,
                safetyBackupDirectory: root.appendingPathComponent("safety2")
            )
            #expect(
                try String(contentsOf: root.appendingPathComponent("deploy/docker-compose.yml"), encoding: .utf8)
                    == "edited compose\n"
            )
            #expect(try backupFileMode(root.appendingPathComponent("profiles/presets/high-load.yaml")) == 0o600)
        }
    }

    @Test(
        "a file altered after the manifest was written is rejected, naming the file",
        arguments: [
            // Same length as the original, so only the SHA-256 comparison can notice.
            "version: '3.8'\nservices:\n  asr:\n    ports: ['9001:9001']\n",
            // A different length, caught by the size check.
            "version: '3.8'\nservices:\n  evil: {}\n",
        ]
    )
    func tamperedArchive(altered: String) throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            let backup = try makeFixtureBackup(root)
            let work = root.appendingPathComponent("tamper")
            try extractWithTar(backup.archiveURL, into: work)
            let original = try Data(contentsOf: work.appendingPathComponent("deploy/docker-compose.yml"))
            #expect(Data(altered.utf8) != original)
            try writeBackupFixture(work, "deploy/docker-compose.yml", altered)
            let tampered = root.appendingPathComponent("tampered.tar.gz")
            try packWithTar(work, members: ["MANIFEST.json", "profiles", ".asrctl", "deploy"], to: tampered)

            let before = try snapshotFiles(root)
            for attempt in [
                { _ = try ConfigRestore().inspect(tampered) },
                { _ = try ConfigRestore().restore(tampered, into: root, dryRun: false) },
            ] {
                #expect {
                    try attempt()
                } throws: { error in
                    guard let error = error as? BackupError, case .integrityFailure(let archive, let path, _) = error else { return false }
                    return archive == tampered.path && path == "deploy/docker-compose.yml"
                        && error.description.contains("deploy/docker-compose.yml") && error.description.contains(tampered.path)
                }
            }
            #expect(sameSnapshot(try snapshotFiles(root), before), "a rejected archive changed files")
        }
    }

    @Test("a file not listed in the manifest is rejected")
    func unlistedFile() throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            let backup = try makeFixtureBackup(root)
            let work = root.appendingPathComponent("tamper")
            try extractWithTar(backup.archiveURL, into: work)
            try writeBackupFixture(work, "deploy/implant.sh", "#!/bin/sh\n", mode: 0o755)
            let tampered = root.appendingPathComponent("extra.tar.gz")
            try packWithTar(work, members: ["MANIFEST.json", "profiles", ".asrctl", "deploy"], to: tampered)
            #expect {
                try ConfigRestore().inspect(tampered)
            } throws: { error in
                guard let error = error as? BackupError, case .unlistedFile(_, let path) = error else { return false }
                return path == "deploy/implant.sh"
            }
        }
    }

    @Test("truncated, non-gzip and missing archives are rejected, naming the archive")
    func unreadableArchives() throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            let backup = try makeFixtureBackup(root)
            let bytes = try Data(contentsOf: backup.archiveURL)

            let truncated = root.appendingPathComponent("truncated.tar.gz")
            try bytes.prefix(bytes.count / 2).write(to: truncated)
            let notGzip = root.appendingPathComponent("plain.tar.gz")
            try Data("this is not an archive\n".utf8).write(to: notGzip)
            let missing = root.appendingPathComponent("nope.tar.gz")

            for archive in [truncated, notGzip, missing] {
                #expect {
                    try ConfigRestore().restore(archive, into: root, dryRun: true)
                } throws: { error in
                    guard let error = error as? BackupError, case .archiveUnreadable(let named, _) = error else { return false }
                    return named == archive.path && error.description.hasPrefix(archive.path)
                }
            }
        }
    }

    @Test("a gzip stream holding no tar archive is rejected")
    func gzipWithoutTar() throws {
        try withBackupScratch { root in
            let text = root.appendingPathComponent("notes.txt")
            try Data(String(repeating: "hello ", count: 200).utf8).write(to: text)
            #expect(try runBackupTool("gzip", ["-k", text.path]).status == 0)
            #expect {
                try ConfigRestore().inspect(root.appendingPathComponent("notes.txt.gz"))
            } throws: { error in
                guard let error = error as? BackupError, case .archiveUnreadable(_, let reason) = error else { return false }
                return reason.contains("corrupt tar data")
            }
        }
    }

    @Test("path traversal (../evil), absolute members and links are refused before anything is extracted")
    func unsafeMembers() throws {
        try withBackupScratch { root in
            let inner = root.appendingPathComponent("a/b")
            try writeBackupFixture(root, "a/evil", "pwned\n")
            try writeBackupFixture(inner, "MANIFEST.json", "{}")

            // -P keeps "../evil" verbatim instead of stripping the leading "../".
            let traversal = root.appendingPathComponent("traversal.tar.gz")
            #expect(try runBackupTool("tar", ["-czPf", traversal.path, "MANIFEST.json", "../evil"], in: inner).status == 0)
            let absolute = root.appendingPathComponent("absolute.tar.gz")
            #expect(try runBackupTool("tar", ["-czPf", absolute.path, root.appendingPathComponent("a/evil").path]).status == 0)
            try FileManager.default.createSymbolicLink(atPath: inner.appendingPathComponent("link").path, withDestinationPath: "/etc")
            let link = root.appendingPathComponent("link.tar.gz")
            #expect(try runBackupTool("tar", ["-czf", link.path, "link"], in: inner).status == 0)

            let target = root.appendingPathComponent("target/deep")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            let cases: [(URL, String, String)] = [
                (traversal, "../evil", "'..'"),
                (absolute, root.appendingPathComponent("a/evil").path, "absolute"),
                (link, "link", "symbolic links"),
            ]
            for (archive, entry, reason) in cases {
                #expect {
                    try ConfigRestore().restore(archive, into: target, dryRun: false)
                } throws: { error in
                    guard let error = error as? BackupError, case .unsafeEntry(let named, let member, _) = error else { return false }
                    return named == archive.path && member == entry && error.description.contains(reason)
                }
            }
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("target/evil").path))
            #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).isEmpty)
        }
    }

    @Test("an archive without MANIFEST.json is not taken for a backup")
    func missingManifest() throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            let archive = root.appendingPathComponent("guide-style.tar.gz")
            try packWithTar(root, members: ["profiles", "deploy"], to: archive)
            #expect {
                try ConfigRestore().inspect(archive)
            } throws: { error in
                guard let error = error as? BackupError, case .manifestMissing(let named) = error else { return false }
                return named == archive.path
            }
        }
    }

    @Test("a directory where the backup has a file is a conflict, and nothing is changed")
    func conflict() throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            let backup = try makeFixtureBackup(root)
            try writeBackupFixture(root, "profiles/presets/high-load.yaml", "edited\n")
            try FileManager.default.removeItem(at: root.appendingPathComponent("deploy/docker-compose.yml"))
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent("deploy/docker-compose.yml"),
                withIntermediateDirectories: true
            )
            let before = try snapshotFiles(root)
            #expect {
                try ConfigRestore().restore(backup.archiveURL, into: root, dryRun: false)
            } throws: { error in
                guard let error = error as? BackupError, case .restoreConflict(let path, _) = error else { return false }
                return path.hasSuffix("deploy/docker-compose.yml") && error.description.contains("nothing was changed")
            }
            #expect(sameSnapshot(try snapshotFiles(root), before))
            let backups = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("backups").path)
            #expect(backups == [backup.fileName])
        }
    }
}

@Suite("restore: archive formats")
struct BackupRestoreFormatTests {
    @Test("long member names (GNU long-name records) survive a round trip")
    func longNames() throws {
        try withBackupScratch { root in
            let deep = "deploy/" + String(repeating: "nested-directory/", count: 8) + "a-rather-long-rendered-file-name.yml"
            #expect(deep.utf8.count > 100)
            try writeBackupFixture(root, deep, "long: true\n")
            try writeBackupFixture(root, "profiles/presets/中文预设.yaml", "ASR_CACHE_SIZE_MB: 384\n")
            let backup = try ConfigBackup(projectRoot: root, includePaths: ["deploy", "profiles"])
                .create(in: root.appendingPathComponent("backups"), date: backupTestDate, timeZone: backupTestZone)
            #expect(Set(backup.manifest.files.map(\.path)) == [deep, "profiles/presets/中文预设.yaml"])

            try FileManager.default.removeItem(at: root.appendingPathComponent("deploy"))
            try FileManager.default.removeItem(at: root.appendingPathComponent("profiles"))
            let report = try ConfigRestore().restore(backup.archiveURL, into: root, dryRun: false)
            #expect(Set(report.plan.created) == [deep, "profiles/presets/中文预设.yaml"])
            #expect(try String(contentsOf: root.appendingPathComponent(deep), encoding: .utf8) == "long: true\n")
        }
    }

    @Test("a backup repacked by GNU tar as pax or ustar still verifies", arguments: ["pax", "ustar", "gnu"])
    func repackedFormats(format: String) throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            let backup = try makeFixtureBackup(root)
            let work = root.appendingPathComponent("repack")
            try extractWithTar(backup.archiveURL, into: work)
            let repacked = root.appendingPathComponent("repacked-\(format).tar.gz")
            try packWithTar(
                work,
                members: ["MANIFEST.json", "profiles", ".asrctl", "deploy"],
                to: repacked,
                extra: ["--format=\(format)"]
            )
            #expect(try ConfigRestore().inspect(repacked) == backup.manifest)
        }
    }
}
