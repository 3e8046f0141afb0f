import Foundation

/// The one place where backup and restore start other programs (`tar`, `gzip`, `scp`).
///
/// Programs are started as `ExternalProgram` starts them — never through a shell — so
/// file names and remote specs are never re-interpreted.
struct BackupSubprocess: Sendable {
    /// What a finished program produced.
    struct Output: Sendable {
        /// Exit status (or the terminating signal number when `terminatedBySignal`).
        var status: Int32
        /// Whether the program was killed by a signal rather than exiting.
        var terminatedBySignal: Bool
        /// Captured standard output (empty when it was redirected to a file).
        var standardOutput: Data
        /// Captured standard error, decoded leniently as UTF-8 and trimmed.
        var standardError: String
        /// Whether standard output was cut off because it exceeded the limit.
        var outputLimitExceeded: Bool

        /// Whether the program exited normally with status 0.
        var succeeded: Bool { !terminatedBySignal && status == 0 && !outputLimitExceeded }

        /// A short description of how the program ended, for error messages.
        var exitDescription: String {
            if outputLimitExceeded { return "output exceeded the size limit" }
            return terminatedBySignal ? "killed by signal \(status)" : "exit status \(status)"
        }
    }

    /// Finds `tool` in `PATH` (then the usual system directories), or throws `BackupError.toolMissing`.
    static func locate(_ tool: String) throws -> URL {
        guard let url = ExternalProgram.locate(tool) else { throw BackupError.toolMissing(tool: tool) }
        return url
    }

    /// Runs `tool` with `arguments` and waits for it.
    ///
    /// - Parameters:
    ///   - standardOutput: when given, the program writes straight into this file;
    ///     otherwise its output is captured, up to `outputLimit` bytes (beyond that the
    ///     program is terminated and `outputLimitExceeded` is set).
    static func run(
        _ tool: String,
        _ arguments: [String],
        standardOutput: FileHandle? = nil,
        outputLimit: Int = 1 << 30
    ) throws -> Output {
        let process = ExternalProgram.process(try locate(tool), arguments)

        let errorPipe = Pipe()
        process.standardError = errorPipe
        let outputPipe: Pipe?
        if let standardOutput {
            process.standardOutput = standardOutput
            outputPipe = nil
        } else {
            let pipe = Pipe()
            process.standardOutput = pipe
            outputPipe = pipe
        }

        do {
            try process.run()
        } catch {
            throw BackupError.toolFailed(
                tool: tool, status: nil, message: "could not start: \(error.localizedDescription)")
        }

        // Standard error is drained on another thread so a chatty program can never
        // block on a full pipe while we are reading its standard output.
        let errorBox = CapturedData()
        let errorReader = errorPipe.fileHandleForReading
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            errorBox.set(errorReader.readDataToEndOfFile())
        }

        var captured = Data()
        var limitExceeded = false
        if let outputPipe {
            let reader = outputPipe.fileHandleForReading
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                captured.append(chunk)
                if captured.count > outputLimit {
                    limitExceeded = true
                    process.terminate()
                    break
                }
            }
        }
        process.waitUntilExit()
        group.wait()

        let errorText = String(decoding: errorBox.get(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return Output(
            status: process.terminationStatus,
            terminatedBySignal: process.terminationReason == .uncaughtSignal,
            standardOutput: captured,
            standardError: errorText,
            outputLimitExceeded: limitExceeded
        )
    }
}

/// Bytes handed from the standard-error reader thread back to the caller.
private final class CapturedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func set(_ newValue: Data) {
        lock.lock()
        data = newValue
        lock.unlock()
    }

    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
