import ASRDeploy
import Foundation
import TestSupport
import Testing

@Suite("backup-config", .ownThreads)
struct BackupTests {
    @Test("archive is named by the local date, 0600, listed by tar -tzf, with a full manifest")
    func createsVerifiedArchive() throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            let result = try makeFixtureBackup(root)

            #expect(result.fileName == "asr_config_backup_20250131.tar.gz")
            #expect(!result.avoidedOverwrite)
            #expect(try backupFileMode(result.archiveURL) == 0o600)

            let listing = try runBackupTool("tar", ["-tzf", result.archivePath])
            #expect(listing.status == 0, "\(listing.error)")
            let members = Set(listing.output.split(separator: "\n").map(String.init))
            let expected: Set<String> = [
                "MANIFEST.json",
                "profiles/asr_memory_optimized_4core_8gb.yaml", "profiles/asr_docker_optimized_4core_8gb.yaml",
                "profiles/presets/high-load.yaml", "profiles/presets/low-load.yaml",
                ".asrctl/state.json", "deploy/docker-compose.yml", "deploy/.env",
            ]
            #expect(members == expected)

            let manifest = result.manifest
            #expect(manifest.formatVersion == 1)
            #expect(manifest.asrctlVersion == "9.9.9-test")
            #expect(manifest.hostName == "test-host")
            #expect(manifest.createdAt == backupTestDate)
            #expect(manifest.includedPaths == backupIncludePaths)
            #expect(manifest.missingPaths.isEmpty)
            #expect(Set(manifest.files.map(\.path)) == expected.subtracting(["MANIFEST.json"]))

            // Sizes, modes and digests agree with the originals, digests checked with sha256sum.
            for entry in manifest.files {
                let original = root.appendingPathComponent(entry.path)
                #expect(entry.size == (try Data(contentsOf: original)).count)
                #expect(entry.mode == (try backupFileMode(original)), "\(entry.path)")
                let sum = try runBackupTool("sha256sum", [original.path])
                #expect(sum.output.hasPrefix(entry.sha256 + " "), "\(entry.path)")
            }
            #expect(manifest.files.first { $0.path == ".asrctl/state.json" }?.mode == 0o600)

            // The manifest inside the archive is the one reported, in readable JSON.
            let extracted = root.appendingPathComponent("extracted")
            try extractWithTar(result.archiveURL, into: extracted)
            let json = try String(contentsOf: extracted.appendingPathComponent("MANIFEST.json"), encoding: .utf8)
            #expect(json.contains("\"created_at\" : \"2025-01-31T12:00:00Z\""))
            #expect(json.contains("\"mode\" : \"0600\""))
            #expect(try ConfigRestore().inspect(result.archiveURL) == manifest)

            // No temporary file is left behind in the output directory.
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("backups").path)
            #expect(leftovers == ["asr_config_backup_20250131.tar.gz"])
        }
    }

    @Test("a second backup on the same day gets _2, a third _3, earlier ones untouched")
    func neverOverwrites() throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            let first = try makeFixtureBackup(root)
            let firstBytes = try Data(contentsOf: first.archiveURL)

            try writeBackupFixture(root, "deploy/docker-compose.yml", "version: '3.8'\n# changed\n")
            let second = try makeFixtureBackup(root, date: backupTestDate.addingTimeInterval(3600))
            #expect(second.fileName == "asr_config_backup_20250131_2.tar.gz")
            #expect(second.avoidedOverwrite)
            #expect(second.description.contains("asr_config_backup_20250131.tar.gz already exists"))
            #expect(try Data(contentsOf: first.archiveURL) == firstBytes)
            #expect(try backupFileMode(second.archiveURL) == 0o600)

            let third = try makeFixtureBackup(root)
            #expect(third.fileName == "asr_config_backup_20250131_3.tar.gz")
            #expect(try Data(contentsOf: first.archiveURL) == firstBytes)
        }
    }

    @Test("the archive name uses the calendar date of the given time zone")
    func namesByLocalDate() {
        // 2025-01-31 23:30 UTC is already 1 February in Shanghai.
        let lateEvening = Date(timeIntervalSince1970: 1_738_366_200)
        #expect(ConfigBackup.archiveBaseName(for: lateEvening, timeZone: backupTestZone) == "asr_config_backup_20250131")
        #expect(
            ConfigBackup.archiveBaseName(for: lateEvening, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
                == "asr_config_backup_20250201"
        )
    }

    @Test("missing include paths are skipped and reported; nothing at all is an error")
    func missingPaths() throws {
        try withBackupScratch { root in
            try writeBackupFixture(root, "profiles/presets/high-load.yaml", "ASR_MAX_CONCURRENT: 25\n")
            let result = try ConfigBackup(projectRoot: root, includePaths: ["profiles", ".asrctl", "deploy"])
                .create(in: root.appendingPathComponent("out"), date: backupTestDate, timeZone: backupTestZone)
            #expect(result.missingPaths == [".asrctl", "deploy"])
            #expect(result.manifest.files.map(\.path) == ["profiles/presets/high-load.yaml"])
            #expect(result.description.contains("skipped .asrctl: not found"))
            #expect(result.description.contains("skipped deploy: not found"))

            let empty = root.appendingPathComponent("empty")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            #expect {
                try ConfigBackup(projectRoot: empty, includePaths: ["profiles", ".asrctl", "deploy"])
                    .create(in: empty.appendingPathComponent("out"))
            } throws: { error in
                guard let error = error as? BackupError, case .nothingToBackUp = error else { return false }
                return error.description.contains("nothing to back up") && error.description.contains(empty.path)
                    && error.description.contains("profiles, .asrctl, deploy")
            }
            // Nothing was written for the failed backup.
            let out = try FileManager.default.contentsOfDirectory(atPath: empty.appendingPathComponent("out").path)
            #expect(out.isEmpty)
        }
    }

    @Test("include paths that leave the project root or collide with the manifest are refused")
    func rejectsBadIncludePaths() throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            for bad in ["../etc", "/etc", "profiles/../../x", "MANIFEST.json", ""] {
                #expect {
                    try ConfigBackup(projectRoot: root, includePaths: ["profiles", bad]).create(in: root.appendingPathComponent("out"))
                } throws: { error in
                    guard let error = error as? BackupError, case .invalidIncludePath(let path, _) = error else { return false }
                    return path == bad
                }
            }
        }
    }

    @Test("the output directory, symbolic links and special files are not backed up")
    func skipsOutputDirectoryAndLinks() throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            try FileManager.default.createSymbolicLink(
                atPath: root.appendingPathComponent("deploy/current").path,
                withDestinationPath: "/etc/passwd"
            )
            let output = root.appendingPathComponent(".asrctl/backups")
            let first = try ConfigBackup(projectRoot: root, includePaths: backupIncludePaths)
                .create(in: output, date: backupTestDate, timeZone: backupTestZone)
            let second = try ConfigBackup(projectRoot: root, includePaths: backupIncludePaths)
                .create(in: output, date: backupTestDate, timeZone: backupTestZone)
            #expect(first.skipped.contains(BackupSkippedPath(path: "deploy/current", reason: .symbolicLink)))
            #expect(second.skipped.contains(BackupSkippedPath(path: ".asrctl/backups", reason: .outputDirectory)))
            #expect(!second.manifest.files.contains { $0.path.hasPrefix(".asrctl/backups") })
            #expect(second.manifest.files == first.manifest.files)
        }
    }
}

@Suite("backup-config: JSON", .ownThreads)
struct BackupJSONTests {
    @Test("results encode with ISO-8601 dates and octal modes under a plain JSONEncoder, and the manifest round-trips")
    func jsonOutput() throws {
        try withBackupScratch { root in
            try makeBackupProject(root)
            let result = try makeFixtureBackup(root)
            let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
            #expect(json.contains("\"created_at\":\"2025-01-31T12:00:00Z\""))
            #expect(json.contains("\"mode\":\"0600\""))
            #expect(try BackupManifest.decode(from: result.manifest.jsonData()) == result.manifest)
            #expect(try JSONDecoder().decode(BackupResult.self, from: JSONEncoder().encode(result)) == result)
        }
    }
}
