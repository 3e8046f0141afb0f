import ASRDeploy
import Foundation

/// The machine and build a benchmark ran on, written at the top of BENCHMARKS.md.
package struct MachineFacts: Codable, Sendable, Equatable {
    package var cpuModel: String
    package var cores: Int
    package var memoryMB: Int
    package var kernel: String
    package var os: String
    package var swiftVersion: String
    /// `release` or `debug` (how this asrctl was compiled).
    package var buildConfiguration: String
    /// The command line that produced the figures.
    package var command: String
    /// ISO 8601, UTC.
    package var date: String
    /// 1-minute load average when the run started and ended: other work on the machine.
    package var loadAverageStart: Double?
    package var loadAverageEnd: Double?

    enum CodingKeys: String, CodingKey {
        case cores, kernel, os, command, date
        case cpuModel = "cpu_model"
        case memoryMB = "memory_mb"
        case swiftVersion = "swift_version"
        case buildConfiguration = "build_configuration"
        case loadAverageStart = "load_average_start"
        case loadAverageEnd = "load_average_end"
    }

    package init(
        cpuModel: String,
        cores: Int,
        memoryMB: Int,
        kernel: String,
        os: String,
        swiftVersion: String,
        buildConfiguration: String,
        command: String,
        date: String,
        loadAverageStart: Double?,
        loadAverageEnd: Double?
    ) {
        self.cpuModel = cpuModel
        self.cores = cores
        self.memoryMB = memoryMB
        self.kernel = kernel
        self.os = os
        self.swiftVersion = swiftVersion
        self.buildConfiguration = buildConfiguration
        self.command = command
        self.date = date
        self.loadAverageStart = loadAverageStart
        self.loadAverageEnd = loadAverageEnd
    }

    /// Reads this machine: /proc/cpuinfo, /proc/meminfo, the kernel release, /etc/os-release and
    /// `swift --version` (when a toolchain is on PATH).
    package static func probe(command: String, buildConfiguration: String) -> MachineFacts {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let kernel = ((try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? "unknown")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let os =
            release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { String($0.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "unknown"
        let swift =
            Subprocess(timeout: 10).run("swift", ["--version"])?.standardOutput
            .split(separator: "\n").first { $0.contains("Swift version") }.map { String($0) } ?? "unknown"
        let formatter = ISO8601DateFormatter()
        return MachineFacts(
            cpuModel: model,
            cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryMB: Int(HostProbe.memoryBytes() >> 20),
            kernel: kernel,
            os: os,
            swiftVersion: swift,
            buildConfiguration: buildConfiguration,
            command: command,
            date: formatter.string(from: Date()),
            loadAverageStart: ProcessProbe.loadAverage(),
            loadAverageEnd: nil
        )
    }
}
