import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Python's `http.server` serving a directory on a loopback port: something real for a health
/// check to ask. Stopped (SIGKILL) by `stop()` or when released.
final class StaticHTTPServer: @unchecked Sendable {
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    private var process: Process?

    /// Starts the server and waits (up to 10 s) until `path` answers.
    init(directory: URL, port: Int, readyPath: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", directory.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(10)
        let url = "http://127.0.0.1:\(port)\(readyPath)"
        while Date() < deadline {
            if (try? ProcessRunner.run("/usr/bin/curl", ["-fsS", "-o", "/dev/null", url]))?.status == 0 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw StartError(description: "python3 -m http.server did not answer \(url) within 10 s")
    }

    deinit { stop() }

    func stop() {
        guard let process else { return }
        self.process = nil
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
