import ASRDeploy
import Foundation
import Testing

/// A scratch directory under the system temporary directory, removed when `body` ends.
func withBackupScratch<T>(_ body: (URL) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("asrctl-backup-test-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

/// Writes `text` to `root/path` with `mode`, creating parent directories.
func writeBackupFixture(_ root: URL, _ path: String, _ text: String, mode: Int = 0o644) throws {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
}

/// A project laid out as asrctl keeps it: profiles, presets, active state, rendered output.
func makeBackupProject(_ root: URL) throws {
    try writeBackupFixture(
        root,
        "profiles/asr_memory_optimized_4core_8gb.yaml",
        "memory_management:\n  max_memory_mb: 1500\n  warning_threshold_mb: 1200\n"
    )
    try writeBackupFixture(
        root,
        "profiles/asr_docker_optimized_4core_8gb.yaml",
        "services:\n  asr:\n    cpus: '3.5'\n    mem_limit: 6g\n"
    )
    try writeBackupFixture(root, "profiles/presets/high-load.yaml", "ASR_MAX_CONCURRENT: 25\nASR_BATCH_SIZE: 10\n")
    try writeBackupFixture(root, "profiles/presets/low-load.yaml", "ASR_MAX_CONCURRENT: 15\nASR_BATCH_SIZE: 6\n")
    try writeBackupFixture(root, ".asrctl/state.json", "{\"active_preset\":\"high-load\",\"token\":\"s3cret\"}\n", mode: 0o600)
    try writeBackupFixture(root, "deploy/docker-compose.yml", "version: '3.8'\nservices:\n  asr:\n    ports: ['8001:8001']\n")
    try writeBackupFixture(root, "deploy/.env", "ASR_MAX_CONCURRENT=25\n", mode: 0o640)
    try writeBackupFixture(root, "README.md", "not part of the configuration\n")
}

/// The include paths the main session passes.
let backupIncludePaths = ["profiles", ".asrctl", "deploy"]

/// A fixed instant: 2025-01-31 12:00:00 UTC.
let backupTestDate = Date(timeIntervalSince1970: 1_738_324_800)
let backupTestZone = TimeZone(identifier: "UTC")!

/// Contents and permission bits of every regular file under `root` (relative paths),
/// skipping `except` directories.
func snapshotFiles(_ root: URL, except: Set<String> = []) throws -> [String: (Data, Int)] {
    var result: [String: (Data, Int)] = [:]
    let enumerator = FileManager.default.enumerator(atPath: root.path)
    while let relative = enumerator?.nextObject() as? String {
        if except.contains(where: { relative == $0 || relative.hasPrefix($0 + "/") }) { continue }
        let url = root.appendingPathComponent(relative)
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
        result[relative] = (try Data(contentsOf: url), mode & 0o777)
    }
    return result
}

/// Whether two snapshots hold the same files with the same bytes and modes.
func sameSnapshot(_ a: [String: (Data, Int)], _ b: [String: (Data, Int)]) -> Bool {
    guard Set(a.keys) == Set(b.keys) else { return false }
    return a.allSatisfy { key, value in b[key].map { $0.0 == value.0 && $0.1 == value.1 } ?? false }
}

/// Permission bits of the file at `url`.
func backupFileMode(_ url: URL) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    return ((attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777
}

/// Runs a program from /usr/bin or /bin directly (no shell); returns status and output.
@discardableResult
func runBackupTool(_ tool: String, _ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    let candidates = ["/usr/bin/\(tool)", "/bin/\(tool)"]
    process.executableURL = URL(fileURLWithPath: candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? tool)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// Makes a backup of the standard fixture project in `root/backups`.
func makeFixtureBackup(_ root: URL, date: Date = backupTestDate) throws -> BackupResult {
    try ConfigBackup(projectRoot: root, includePaths: backupIncludePaths, asrctlVersion: "9.9.9-test", hostName: "test-host")
        .create(in: root.appendingPathComponent("backups"), date: date, timeZone: backupTestZone)
}

/// Extracts `archive` with GNU tar into a new directory `into`.
func extractWithTar(_ archive: URL, into directory: URL) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let result = try runBackupTool("tar", ["-xzf", archive.path, "-C", directory.path])
    #expect(result.status == 0, "tar -xzf failed: \(result.error)")
}

/// Packs the contents of `directory` (members given relative to it) into a .tar.gz with GNU tar.
func packWithTar(_ directory: URL, members: [String], to archive: URL, extra: [String] = []) throws {
    let result = try runBackupTool("tar", ["-czf", archive.path] + extra + ["-C", directory.path] + members)
    #expect(result.status == 0, "tar -czf failed: \(result.error)")
}
