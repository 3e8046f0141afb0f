import Foundation
import TestSupport
import Testing

/// End-to-end: check-host, backup-config and restore through the real binary.
@Suite(.runsProcesses) struct OperationsCommandsTests {
    @Test func checkHostJSONReportsEveryCheckAndExitsByWorstStatus() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        let result = try cli.run("check-host", "--json", "--devices", "20")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let checks = report["checks"] as? [[String: Any]] ?? []
        let names = Set(checks.compactMap { $0["name"] as? String })
        for name in ["cpu-cores", "memory", "disk", "docker", "compose", "engine-model", "port", "workers", "cpuset", "devices"] {
            #expect(names.contains(name), "missing check \(name)")
        }
        let failed = checks.contains { $0["status"] as? String == "FAIL" }
        #expect(result.status == (failed ? 1 : 0))
        #expect(report["exit_code"] as? Int == Int(result.status))
    }

    @Test func backupThenRestoreRoundTrip() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        #expect(try cli.run("tune", "--profile", "low-load").status == 0)
        #expect(try cli.run("render", "all").status == 0)
        let backup = try cli.run("backup-config", "--out", "backups")
        #expect(backup.status == 0, "\(backup.stderr)")
        let archives = try FileManager.default.contentsOfDirectory(atPath: cli.directory.file("backups").path)
            .filter { $0.hasPrefix("asr_config_backup_") }
        let archive = try #require(archives.first)
        let attributes = try FileManager.default.attributesOfItem(atPath: cli.directory.file("backups/\(archive)").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        // A second backup the same day never overwrites the first.
        #expect(try cli.run("backup-config", "--out", "backups").status == 0)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: cli.directory.file("backups").path)
                .filter { $0.hasPrefix("asr_config_backup_") }.count == 2
        )

        // Lose an edit and a file, then restore.
        let profile = "profiles/asr_memory_optimized_4core_8gb.yaml"
        let original = try cli.read(profile)
        try "broken".write(to: cli.directory.file(profile), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: cli.directory.file("deploy/asr.env"))
        let dry = try cli.run("restore", "backups/\(archive)", "--dry-run")
        #expect(dry.status == 0)
        #expect(try cli.read(profile) == "broken")
        let restore = try cli.run("restore", "backups/\(archive)")
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(try cli.read(profile) == original)
        #expect(try cli.read("deploy/asr.env").contains("ASR_WORKER_THREADS=3"))
        #expect(try cli.read(".asrctl/state.json").contains("low-load"))

        // A damaged archive is refused, naming it.
        try Data("not a gzip".utf8).write(to: cli.directory.file("bad.tar.gz"))
        let bad = try cli.run("restore", "bad.tar.gz")
        #expect(bad.status == 3)
        #expect(bad.stderr.contains("bad.tar.gz"))
    }

    @Test func backupRemoteFailureKeepsTheArchive() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        let result = try cli.run("backup-config", "--out", "backups", "--remote", "nobody@127.0.0.1:/tmp")
        #expect(result.status == 1)
        #expect(result.stderr.contains("is kept"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.directory.file("backups").path).count == 1)
        #expect(try cli.run("backup-config", "--remote", "not a remote").status == 64)
    }
}
