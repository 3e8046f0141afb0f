import Foundation
import Synchronization

/// Progress of a long command on standard error: refreshed in place on a terminal, otherwise
/// one line every few seconds (logs and CI output stay readable).
final class ProgressLine: Sendable {
    private let terminal = isatty(STDERR_FILENO) == 1
    private let lastLine = Mutex<ContinuousClock.Instant?>(nil)
    private let interval: Duration

    init(interval: Duration = .seconds(5)) {
        self.interval = interval
    }

    func show(_ line: String) {
        if terminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
            return
        }
        let due = lastLine.withLock { last -> Bool in
            guard last.map({ ContinuousClock.now - $0 >= interval }) ?? true else { return false }
            last = .now
            return true
        }
        if due { StandardError.write(line) }
    }

    /// Ends the in-place line so what follows starts on its own line.
    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
