import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the small version/status commands `HostProbe` needs, without ever hanging or crashing.
///
/// Programs are started as `ExternalProgram` starts them. A program that is not installed yields `nil`; one that outlives the timeout is sent SIGTERM,
/// then SIGKILL, and reported with `timedOut`. Output is captured up to `outputLimit` bytes
/// per stream.
package struct HostCommandRunner: Sendable {
    /// What a finished (or stopped) program printed and how it ended.
    package struct Result: Sendable {
        /// Exit status, or the signal number when the program was killed.
        package var status: Int32
        /// Whether the program ran past the timeout and was stopped.
        package var timedOut: Bool
        /// Standard output, decoded leniently as UTF-8.
        package var standardOutput: String
        /// Standard error, decoded leniently as UTF-8.
        package var standardError: String

        /// Whether the program exited by itself with status 0.
        package var succeeded: Bool { !timedOut && status == 0 }
    }

    /// Seconds a program may run before it is stopped.
    package var timeout: TimeInterval
    /// Most bytes kept from each of standard output and standard error.
    package var outputLimit: Int = 1 << 20

    package init(timeout: TimeInterval, outputLimit: Int = 1 << 20) {
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    /// Runs `tool` with `arguments`; `nil` when it is not installed or cannot be started.
    package func run(_ tool: String, _ arguments: [String]) -> Result? {
        guard let executable = ExternalProgram.locate(tool) else { return nil }
        let process = ExternalProgram.process(executable, arguments)
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            return nil
        }

        // Both streams are drained on their own threads so a chatty program never blocks on a
        // full pipe; each is read in chunks so whatever arrived is kept even if a grandchild
        // holds the pipe open after the program itself was stopped.
        let readers = DispatchGroup()
        let output = CapturedOutput(limit: outputLimit)
        let errors = CapturedOutput(limit: outputLimit)
        output.drain(outputPipe.fileHandleForReading, in: readers)
        errors.drain(errorPipe.fileHandleForReading, in: readers)

        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if exited.wait(timeout: .now() + 1) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = exited.wait(timeout: .now() + 1)
            }
        }
        _ = readers.wait(timeout: .now() + 1)

        return Result(
            status: process.isRunning ? -1 : process.terminationStatus,
            timedOut: timedOut,
            standardOutput: output.text,
            standardError: errors.text
        )
    }
}

/// Bytes read from one pipe on a background thread, handed back under a lock.
private final class CapturedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Reads `handle` until end of file on a global queue, keeping at most `limit` bytes.
    func drain(_ handle: FileHandle, in group: DispatchGroup) {
        DispatchQueue.global().async(group: group) {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                self.append(chunk)
            }
        }
    }

    private func append(_ chunk: Data) {
        lock.lock()
        defer { lock.unlock() }
        let room = limit - data.count
        if room > 0 { data.append(chunk.prefix(room)) }
    }

    /// What was read so far, decoded leniently as UTF-8.
    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
