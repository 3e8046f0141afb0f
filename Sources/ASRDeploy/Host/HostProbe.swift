import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Gathers the real `HostFacts` of the machine it runs on.
///
/// Reads /proc and /etc, measures the deployment filesystem with `statvfs`, asks the dynamic
/// loader for libpocketsphinx, binds the service port for a moment, and runs `docker`,
/// `docker-compose` / `docker compose` and `python3` with a timeout and no standard input.
/// Nothing here throws: a missing file or program becomes `nil`, `false` or zero in the facts,
/// which `HostChecker` then judges.
public struct HostProbe: Sendable {
    /// Where Debian's `pocketsphinx-en-us` installs the US English model.
    public static let defaultModelDirectory = "/usr/share/pocketsphinx/model/en-us"
    /// What the model directory must hold; a trailing `/` marks a directory.
    public static let requiredModelEntries = ["en-us/", "en-us.lm.bin", "cmudict-en-us.dict"]
    /// The engine's shared library as the dynamic loader knows it (Debian's `libpocketsphinx3`).
    public static let engineLibraryName = "libpocketsphinx.so.3"
    /// Directories looked at when the loader cannot say where the library came from.
    static let engineLibraryDirectories = [
        "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib/arm-linux-gnueabihf",
        "/usr/lib64", "/usr/lib", "/usr/local/lib",
    ]

    /// The directory the deployment is written to; its filesystem's free space is measured.
    public var diskPath: String
    /// The TCP port the service will listen on.
    public var port: Int
    /// The PocketSphinx model directory to look for.
    public var modelDirectory: String
    /// Seconds each external command (`docker info`, `python3 --version`, …) may take.
    public var commandTimeout: TimeInterval

    /// - Parameters:
    ///   - diskPath: where `asrctl` deploys; defaults to the current directory.
    ///   - port: the service port (the guide's 8001).
    ///   - modelDirectory: the model to look for.
    ///   - commandTimeout: seconds before a command such as `docker info` against an engine
    ///     that does not answer is stopped.
    public init(
        diskPath: String = FileManager.default.currentDirectoryPath,
        port: Int = 8001,
        modelDirectory: String = HostProbe.defaultModelDirectory,
        commandTimeout: TimeInterval = 5
    ) {
        self.diskPath = diskPath
        self.port = port
        self.modelDirectory = modelDirectory
        self.commandTimeout = commandTimeout
    }

    /// Looks at this machine. Takes at most a few times `commandTimeout`; usually well under a second
    /// plus the time `docker-compose` (a Python program) needs to start.
    package func gather() -> HostFacts {
        let runner = Subprocess(timeout: commandTimeout)
        let docker = Self.docker(runner)
        let compose = Self.compose(runner, dockerClientPresent: docker.clientVersion != nil)
        return HostFacts(
            cpuCores: Self.cpuCores(),
            memoryBytes: Self.memoryBytes(),
            diskPath: diskPath,
            freeDiskBytes: Self.freeDiskBytes(at: diskPath),
            osName: Self.osName(),
            dockerClientVersion: docker.clientVersion,
            dockerEngineAnswers: docker.engineAnswers,
            dockerServerVersion: docker.serverVersion,
            composeVersion: compose.version,
            composeKind: compose.kind,
            pythonVersion: Self.pythonVersion(runner),
            engineLibraryPath: Self.engineLibraryPath(),
            modelDirectory: modelDirectory,
            modelPresent: Self.modelPresent(in: modelDirectory),
            port: port,
            portFree: Self.isPortFree(port)
        )
    }

    // MARK: - CPU and memory

    /// Online CPUs from `sysconf`, else the `processor` lines of /proc/cpuinfo, else 1.
    static func cpuCores() -> Int {
        let online = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        if online > 0 { return online }
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) {
            let count = processorCount(cpuinfo: text)
            if count > 0 { return count }
        }
        return 1
    }

    /// Counts the `processor : N` lines of /proc/cpuinfo.
    static func processorCount(cpuinfo: String) -> Int {
        cpuinfo.split(separator: "\n").filter { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            return parts.count == 2 && parts[0].trimmingCharacters(in: .whitespaces) == "processor"
        }.count
    }

    /// Total memory of this host: `MemTotal` from /proc/meminfo, else physical pages × page
    /// size, else 0.
    /// Resident set size of process `pid` in bytes, from /proc/<pid>/statm (nil if it does not exist).
    package static func residentBytes(pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    public static func memoryBytes() -> UInt64 {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
            let bytes = meminfoBytes("MemTotal", in: text)
        {
            return bytes
        }
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return 0 }
        return UInt64(pages).multipliedReportingOverflow(by: UInt64(pageSize)).partialValue
    }

    /// One field of /proc/meminfo text (`MemAvailable:  8123456 kB`), in bytes; nil when it is
    /// missing or not a number.
    static func meminfoBytes(_ field: String, in meminfo: String) -> UInt64? {
        for line in meminfo.split(separator: "\n") where line.hasPrefix(field + ":") {
            let fields = line.dropFirst(field.count + 1).split(separator: " ")
            guard let value = fields.first.flatMap({ UInt64($0) }) else { return nil }
            let unit = fields.count > 1 ? fields[1].lowercased() : "b"
            let multiplier: UInt64 = unit == "kb" ? 1024 : unit == "mb" ? 1 << 20 : 1
            let (bytes, overflow) = value.multipliedReportingOverflow(by: multiplier)
            return overflow ? nil : bytes
        }
        return nil
    }

    // MARK: - Disk and OS

    /// Bytes available to unprivileged users on the filesystem holding `path`. A path that does
    /// not exist yet is measured at its nearest existing ancestor; 0 when nothing can be measured.
    static func freeDiskBytes(at path: String) -> UInt64 {
        var candidate = URL(fileURLWithPath: path).standardizedFileURL
        while true {
            var stats = statvfs()
            if statvfs(candidate.path, &stats) == 0 {
                let (bytes, overflow) = UInt64(stats.f_bavail).multipliedReportingOverflow(by: UInt64(stats.f_frsize))
                return overflow ? UInt64.max : bytes
            }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { return 0 }
            candidate = parent
        }
    }

    /// The distribution from /etc/os-release (or /usr/lib/os-release), else the kernel's name and
    /// release, else `"unknown"`.
    static func osName() -> String {
        for file in ["/etc/os-release", "/usr/lib/os-release"] {
            if let text = try? String(contentsOfFile: file, encoding: .utf8), let name = osName(osRelease: text) {
                return name
            }
        }
        var system = utsname()
        if uname(&system) == 0 {
            let sysname = withUnsafeBytes(of: &system.sysname) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let release = withUnsafeBytes(of: &system.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let name = "\(sysname) \(release)".trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { return name }
        }
        return "unknown"
    }

    /// `PRETTY_NAME`, else `NAME VERSION`, from os-release text (values may be quoted).
    static func osName(osRelease: String) -> String? {
        var fields: [String: String] = [:]
        for line in osRelease.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            var value = parts[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            fields[parts[0].trimmingCharacters(in: .whitespaces)] = value
        }
        if let pretty = fields["PRETTY_NAME"], !pretty.isEmpty { return pretty }
        guard let name = fields["NAME"], !name.isEmpty else { return nil }
        if let version = fields["VERSION"] ?? fields["VERSION_ID"], !version.isEmpty {
            return "\(name) \(version)"
        }
        return name
    }

    // MARK: - Tools

    /// The docker client's version, and whether (and which) engine answers `docker info`.
    static func docker(_ runner: Subprocess) -> (clientVersion: String?, engineAnswers: Bool, serverVersion: String?) {
        // `docker version` prints the client's version even when no engine answers (it then
        // exits 1), so its output is read whatever the status.
        guard let client = runner.run("docker", ["version", "--format", "{{.Client.Version}}"]),
            !client.timedOut,
            let clientVersion = ToolVersion(client.standardOutput)
        else {
            return (nil, false, nil)
        }
        guard let info = runner.run("docker", ["info", "--format", "{{.ServerVersion}}"]), info.succeeded else {
            return (clientVersion.text, false, nil)
        }
        let server = ToolVersion(info.standardOutput)
        return (clientVersion.text, server != nil, server?.text)
    }

    /// The Compose v2 plugin when `docker compose version` answers, else the `docker-compose`
    /// binary, else none.
    static func compose(_ runner: Subprocess, dockerClientPresent: Bool) -> (kind: ComposeKind, version: String?) {
        if dockerClientPresent,
            let plugin = runner.run("docker", ["compose", "version", "--short"]), plugin.succeeded,
            let version = ToolVersion(plugin.standardOutput)
        {
            return (.plugin, version.text)
        }
        if let binary = runner.run("docker-compose", ["version", "--short"]), binary.succeeded,
            let version = ToolVersion(binary.standardOutput)
        {
            return (.binary, version.text)
        }
        return (.none, nil)
    }

    /// `python3 --version` (Python before 3.4 printed it on standard error).
    static func pythonVersion(_ runner: Subprocess) -> String? {
        guard let result = runner.run("python3", ["--version"]), result.succeeded else { return nil }
        return ToolVersion(result.standardOutput + " " + result.standardError)?.text
    }

    // MARK: - Engine

    /// The file the dynamic loader uses for libpocketsphinx.so.3; `nil` when it cannot load it.
    static func engineLibraryPath() -> String? {
        guard let handle = dlopen(engineLibraryName, RTLD_NOW | RTLD_LOCAL) else {
            return
                engineLibraryDirectories
                .map { "\($0)/\(engineLibraryName)" }
                .first { FileManager.default.fileExists(atPath: $0) && dlopenable($0) }
        }
        defer { dlclose(handle) }
        if let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8),
            let mapped = mappedFile(named: engineLibraryName, maps: maps)
        {
            return mapped
        }
        return
            engineLibraryDirectories
            .map { "\($0)/\(engineLibraryName)" }
            .first { FileManager.default.fileExists(atPath: $0) } ?? engineLibraryName
    }

    /// The path of the first file in /proc/self/maps text whose name starts with `prefix` — the
    /// file the loader actually mapped (the Glibc module does not expose `dladdr`).
    static func mappedFile(named prefix: String, maps: String) -> String? {
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let path = String(line[slash...])
            if let name = path.split(separator: "/").last, name.hasPrefix(prefix) {
                return path
            }
        }
        return nil
    }

    /// Whether the loader accepts the library at `path` (right architecture, dependencies present).
    private static func dlopenable(_ path: String) -> Bool {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return false }
        dlclose(handle)
        return true
    }

    /// Whether `directory` holds every entry of `requiredModelEntries`.
    static func modelPresent(in directory: String) -> Bool {
        requiredModelEntries.allSatisfy { entry in
            let wantsDirectory = entry.hasSuffix("/")
            let name = wantsDirectory ? String(entry.dropLast()) : entry
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(
                atPath: URL(fileURLWithPath: directory).appendingPathComponent(name).path,
                isDirectory: &isDirectory
            )
            return exists && isDirectory.boolValue == wantsDirectory
        }
    }

    // MARK: - Port

    /// Whether a TCP socket can be bound on 0.0.0.0:`port` with `SO_REUSEADDR`, as the service
    /// binds it: a listener on any local address (IPv4 or dual-stack IPv6) makes this fail, a
    /// connection lingering in TIME_WAIT does not.
    public static func isPortFree(_ port: Int) -> Bool {
        guard (1...65535).contains(port) else { return false }
        #if canImport(Glibc) || canImport(Musl)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var reuse: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: 0)  // INADDR_ANY
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }
}
