import Foundation

/// How asrctl finds and starts other programs (tar, gzip, scp, docker, redis-server, …):
/// directly, never through a shell, with standard input from /dev/null and `LC_ALL=C` so their
/// messages are stable enough to quote and parse.
package enum ExternalProgram {
    /// Directories searched after those in `PATH`.
    static let fallbackSearchPath = ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"]

    /// The executable for `tool` (a bare name searched in `PATH`, or a path), if there is one.
    package static func locate(_ tool: String) -> URL? {
        if tool.contains("/") {
            return FileManager.default.isExecutableFile(atPath: tool) ? URL(fileURLWithPath: tool) : nil
        }
        let pathVariable = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = pathVariable.split(separator: ":").map(String.init) + fallbackSearchPath
        for directory in directories where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(tool)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        return nil
    }

    /// A process for `executable` with `arguments`, `LC_ALL=C` and no standard input.
    package static func process(_ executable: URL, _ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        return process
    }
}
