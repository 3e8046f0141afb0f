/// What `check-host` knows about a machine, gathered by `HostProbe` or written by hand.
///
/// The checks (`HostChecker`) read only this value, never the machine, so tests can describe
/// any host — a 2-core box, a host without Docker, a busy port — and exercise every branch.
/// Versions are kept as the tools printed them (`"20.10.7+dfsg1"`) and compared with
/// `ToolVersion`.
package struct HostFacts: Codable, Sendable, Equatable {
    /// Online CPUs. CPU numbers are assumed to run from 0 to `cpuCores - 1`.
    package var cpuCores: Int
    /// Physical memory the kernel manages (`MemTotal` in /proc/meminfo), in bytes.
    package var memoryBytes: UInt64
    /// The directory whose filesystem was measured: where the deployment is written.
    package var diskPath: String
    /// Bytes available to an unprivileged user on `diskPath`'s filesystem.
    package var freeDiskBytes: UInt64
    /// Distribution name and version, e.g. `"Debian GNU/Linux 12 (bookworm)"` (informational).
    package var osName: String
    /// `docker version --format '{{.Client.Version}}'`; `nil` when there is no docker client.
    package var dockerClientVersion: String?
    /// Whether `docker info` succeeded within the probe's timeout.
    package var dockerEngineAnswers: Bool
    /// The engine's version from `docker info`; `nil` when no engine answered.
    package var dockerServerVersion: String?
    /// Version of the Compose that `composeKind` names; `nil` when there is none.
    package var composeVersion: String?
    /// Which Compose answered (the plugin is preferred when both do).
    package var composeKind: ComposeKind
    /// `python3 --version`, e.g. `"3.11.2"`; `nil` when there is no python3.
    package var pythonVersion: String?
    /// Where libpocketsphinx.so.3 was found; `nil` when the dynamic loader cannot load it.
    package var engineLibraryPath: String?
    /// The PocketSphinx acoustic/language model directory that was looked at.
    package var modelDirectory: String
    /// Whether `modelDirectory` holds `en-us/`, `en-us.lm.bin` and `cmudict-en-us.dict`.
    package var modelPresent: Bool
    /// The TCP port the service will listen on.
    package var port: Int
    /// Whether a TCP socket could be bound on 0.0.0.0:`port`.
    package var portFree: Bool

    package init(
        cpuCores: Int,
        memoryBytes: UInt64,
        diskPath: String,
        freeDiskBytes: UInt64,
        osName: String,
        dockerClientVersion: String?,
        dockerEngineAnswers: Bool,
        dockerServerVersion: String?,
        composeVersion: String?,
        composeKind: ComposeKind,
        pythonVersion: String?,
        engineLibraryPath: String?,
        modelDirectory: String,
        modelPresent: Bool,
        port: Int,
        portFree: Bool
    ) {
        self.cpuCores = cpuCores
        self.memoryBytes = memoryBytes
        self.diskPath = diskPath
        self.freeDiskBytes = freeDiskBytes
        self.osName = osName
        self.dockerClientVersion = dockerClientVersion
        self.dockerEngineAnswers = dockerEngineAnswers
        self.dockerServerVersion = dockerServerVersion
        self.composeVersion = composeVersion
        self.composeKind = composeKind
        self.pythonVersion = pythonVersion
        self.engineLibraryPath = engineLibraryPath
        self.modelDirectory = modelDirectory
        self.modelPresent = modelPresent
        self.port = port
        self.portFree = portFree
    }

    enum CodingKeys: String, CodingKey {
        case cpuCores = "cpu_cores"
        case memoryBytes = "memory_bytes"
        case diskPath = "disk_path"
        case freeDiskBytes = "free_disk_bytes"
        case osName = "os_name"
        case dockerClientVersion = "docker_client_version"
        case dockerEngineAnswers = "docker_engine_answers"
        case dockerServerVersion = "docker_server_version"
        case composeVersion = "compose_version"
        case composeKind = "compose_kind"
        case pythonVersion = "python_version"
        case engineLibraryPath = "engine_library_path"
        case modelDirectory = "model_directory"
        case modelPresent = "model_present"
        case port
        case portFree = "port_free"
    }

    /// Encodes `nil` versions as JSON `null` rather than leaving the key out, so a script
    /// reading `--json` always finds every key.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cpuCores, forKey: .cpuCores)
        try container.encode(memoryBytes, forKey: .memoryBytes)
        try container.encode(diskPath, forKey: .diskPath)
        try container.encode(freeDiskBytes, forKey: .freeDiskBytes)
        try container.encode(osName, forKey: .osName)
        try container.encode(dockerClientVersion, forKey: .dockerClientVersion)
        try container.encode(dockerEngineAnswers, forKey: .dockerEngineAnswers)
        try container.encode(dockerServerVersion, forKey: .dockerServerVersion)
        try container.encode(composeVersion, forKey: .composeVersion)
        try container.encode(composeKind, forKey: .composeKind)
        try container.encode(pythonVersion, forKey: .pythonVersion)
        try container.encode(engineLibraryPath, forKey: .engineLibraryPath)
        try container.encode(modelDirectory, forKey: .modelDirectory)
        try container.encode(modelPresent, forKey: .modelPresent)
        try container.encode(port, forKey: .port)
        try container.encode(portFree, forKey: .portFree)
    }
}
