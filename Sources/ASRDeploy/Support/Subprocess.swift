import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way asrctl runs another program and waits for it (docker, tar, gzip, scp, ldd,
/// redis-cli, …). Programs are started as `ExternalProgram` starts them: never through a
/// shell, so file names and remote specs are never re-interpreted. Both output streams are
/// drained on threads of their own, so a chatty program never blocks on a full pipe, and
/// each is read in chunks, so whatever arrived is kept even if a grandchild holds a pipe open
/// after the program itself was stopped. A program still running at `timeout` is sent
/// SIGTERM, then SIGKILL.
package struct Subprocess: Sendable {
    /// What happens when a program writes more standard output than is kept.
    package enum OutputLimit: Sendable {
        /// Keep the first bytes and let the program finish (a version banner, a status listing).
        case truncate(Int)
        /// Stop the program: output past the limit is refused, not cut (a decompression bomb).
        case stop(Int)

        var bytes: Int {
            switch self {
            case .truncate(let bytes), .stop(let bytes): bytes
            }
        }
    }

    /// How a finished (or stopped) program ended and what it wrote.
    package struct Result: Sendable {
        /// Exit status, or the signal number when the program was killed; -1 when its end is not
        /// known (a grandchild that outlived it still holds what Foundation watches for it).
        package var status: Int32
        /// Whether a signal ended the program (including the ones sent at a timeout or limit).
        package var terminatedBySignal: Bool
        /// Whether the program ran past the timeout and was stopped.
        package var timedOut: Bool
        /// Whether it was stopped for writing more than an `OutputLimit.stop` allows.
        package var outputLimitExceeded: Bool
        /// Standard output (empty when it went to a file).
        package var output: Data
        /// Standard error.
        package var errorOutput: Data

        /// Standard output, decoded leniently as UTF-8.
        package var standardOutput: String { String(decoding: output, as: UTF8.self) }
        /// Standard error, decoded leniently as UTF-8.
        package var standardError: String { String(decoding: errorOutput, as: UTF8.self) }

        /// Whether the program exited by itself with status 0.
        package var succeeded: Bool { !timedOut && !terminatedBySignal && !outputLimitExceeded && status == 0 }

        /// How the program ended, for error messages.
        package var exitDescription: String {
            if outputLimitExceeded { return "output exceeded the size limit" }
            if timedOut { return "stopped after the time limit" }
            return terminatedBySignal ? "killed by signal \(status)" : "exit status \(status)"
        }
    }

    /// Why a program could not be run at all.
    package enum Failure: Error, Sendable, Equatable {
        /// Not found in `PATH` or the usual system directories.
        case notInstalled(String)
        /// Found, but starting it failed.
        case couldNotStart(String, reason: String)
    }

    /// Seconds a program may run before it is stopped; nil waits as long as it runs.
    package var timeout: TimeInterval?
    /// How much standard output is kept, and what happens past it.
    package var outputLimit: OutputLimit
    /// Most bytes of standard error kept.
    package var errorLimit: Int

    package init(timeout: TimeInterval?, outputLimit: OutputLimit = .truncate(1 << 20), errorLimit: Int = 1 << 20) {
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.errorLimit = errorLimit
    }

    /// Runs `tool` with `arguments`; `nil` when it is not installed or cannot be started.
    package func run(_ tool: String, _ arguments: [String]) -> Result? {
        try? start(tool, arguments)
    }

    /// Runs `tool` with `arguments` and waits for it.
    /// - Parameter standardOutput: a file the program writes into directly; otherwise its output
    ///   is captured as `outputLimit` says.
    /// - Throws: `Failure` when the program is not installed or cannot be started.
    package func start(_ tool: String, _ arguments: [String], standardOutput: FileHandle? = nil) throws(Failure) -> Result {
        guard let executable = ExternalProgram.locate(tool) else { throw .notInstalled(tool) }
        let process = ExternalProgram.process(executable, arguments)
        let outputPipe = standardOutput == nil ? Pipe() : nil
        let errorPipe = Pipe()
        process.standardOutput = outputPipe ?? standardOutput
        process.standardError = errorPipe

        let exited = DispatchSemaphore(value: 0)
        let ended = ExitFlag()
        process.terminationHandler = { _ in
            ended.set()
            exited.signal()
        }
        do {
            try process.run()
        } catch {
            throw .couldNotStart(tool, reason: error.localizedDescription)
        }

        let readers = DispatchGroup()
        let pid = process.processIdentifier
        var overLimit: (@Sendable () -> Void)?
        var stopsAtLimit = false
        if case .stop = outputLimit {
            stopsAtLimit = true
            overLimit = { Self.stop(pid, ended: ended) }
        }
        let output = CapturedOutput(limit: outputLimit.bytes, overLimit: overLimit)
        let errors = CapturedOutput(limit: errorLimit, overLimit: nil)
        if let outputPipe { output.drain(outputPipe.fileHandleForReading, in: readers) }
        errors.drain(errorPipe.fileHandleForReading, in: readers)

        var timedOut = false
        if let timeout {
            if exited.wait(timeout: .now() + timeout) == .timedOut {
                timedOut = true
                Self.stop(pid, ended: ended)
                _ = exited.wait(timeout: .now() + 1)
            }
        } else {
            exited.wait()
        }
        // After a stop, a grandchild may still hold a pipe: keep what arrived and go on.
        let limitExceeded = stopsAtLimit && output.limitExceeded
        if timedOut || limitExceeded {
            _ = readers.wait(timeout: .now() + 1)
        } else {
            readers.wait()
        }

        let running = process.isRunning
        return Result(
            status: running ? -1 : process.terminationStatus,
            terminatedBySignal: !running && process.terminationReason == .uncaughtSignal,
            timedOut: timedOut,
            outputLimitExceeded: limitExceeded,
            output: output.data,
            errorOutput: errors.data
        )
    }

    /// SIGTERM, then SIGKILL if the program has not ended a second later (one that blocks or
    /// ignores SIGTERM cannot outlive it).
    private static func stop(_ pid: Int32, ended: ExitFlag) {
        guard !ended.isSet else { return }
        kill(pid, SIGTERM)
        for _ in 0..<100 where !ended.isSet { Thread.sleep(forTimeInterval: 0.01) }
        if !ended.isSet { kill(pid, SIGKILL) }
    }
}

/// Set once the program has ended (and its pid may be reused): no signal is sent after that.
private final class ExitFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

/// Bytes read from one pipe on a background thread, handed back under a lock.
private final class CapturedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var captured = Data()
    private var exceeded = false
    private let limit: Int
    private let overLimit: (@Sendable () -> Void)?

    init(limit: Int, overLimit: (@Sendable () -> Void)?) {
        self.limit = limit
        self.overLimit = overLimit
    }

    /// Reads `handle` until end of file on a global queue, keeping at most `limit` bytes; past
    /// them it calls `overLimit` once and keeps reading (and dropping) so the writer never blocks.
    func drain(_ handle: FileHandle, in group: DispatchGroup) {
        DispatchQueue.global().async(group: group) {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                if self.append(chunk), let overLimit = self.overLimit { overLimit() }
            }
        }
    }

    /// Appends what fits; true the first time something did not.
    private func append(_ chunk: Data) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let room = limit - captured.count
        if room > 0 { captured.append(chunk.prefix(room)) }
        guard chunk.count > room, !exceeded else { return false }
        exceeded = true
        return true
    }

    var data: Data {
        lock.lock()
        defer { lock.unlock() }
        return captured
    }

    var limitExceeded: Bool {
        lock.lock()
        defer { lock.unlock() }
        return exceeded
    }
}
