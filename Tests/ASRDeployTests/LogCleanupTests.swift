import ASRDeploy
import Foundation
import TestSupport
import Testing

@Suite struct LogCleanupTests {
    @Test func removesOnlyOldLogFiles() throws {
        let directory = try TemporaryDirectory("asrctl-logs")
        defer { directory.remove() }
        let now = Date()
        let files: [(String, Double)] = [
            ("old.log", 40), ("old.log.1", 40), ("old.log.gz", 40), ("new.log", 2),
            ("old-notes.txt", 40), ("catalog.json", 40), ("nested/deep.log", 31),
        ]
        for (name, days) in files {
            let url = directory.file(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(repeating: 65, count: 100).write(to: url)
            try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-days * 86400)], ofItemAtPath: url.path)
        }
        let cleanup = LogCleanup(directories: [directory.url], olderThan: try #require(LogCleanup.parseAge("30d")))
        let planned = try cleanup.run(now: now, dryRun: true)
        #expect(planned.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["deep.log", "old.log", "old.log.1", "old.log.gz"])
        #expect(FileManager.default.fileExists(atPath: directory.file("old.log").path))
        let removed = try cleanup.run(now: now)
        #expect(removed.count == 4)
        #expect(removed.reduce(0) { $0 + $1.bytes } == 400)
        for name in ["new.log", "old-notes.txt", "catalog.json"] {
            #expect(FileManager.default.fileExists(atPath: directory.file(name).path), "\(name) kept")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("nested/deep.log").path))
    }

    @Test func agesParse() {
        #expect(LogCleanup.parseAge("30d") == TimeInterval(30 * 86400))
        #expect(LogCleanup.parseAge("12h") == TimeInterval(12 * 3600))
        #expect(LogCleanup.parseAge("90m") == 5400)
        #expect(LogCleanup.parseAge("7") == TimeInterval(7 * 86400))
        #expect(LogCleanup.parseAge("soon") == nil)
    }
}
