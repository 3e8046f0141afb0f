import Foundation
import Synchronization

/// The decoder threads: `count` dedicated Foundation `Thread`s named `asr-decoder-<i>`, each
/// creating and owning one `PocketSphinxDecoder`, taking jobs from a `JobSource`.
///
/// Blocking C work runs only here — never on the Swift cooperative pool, Dispatch's global
/// queues or NIO event loops. A thread exits once its source is closed and drained, releasing
/// its decoder on the thread that created it.
package final class DecoderWorkers: Sendable {
    /// Number of decoder threads.
    package let count: Int
    /// Most jobs a worker takes from the source per dispatch.
    package let batchSize: Int
    /// The threads' names, `asr-decoder-0` … (Linux limits thread names to 15 bytes).
    package let threadNames: [String]
    /// What every decoder is created from.
    package let configuration: PocketSphinxConfiguration
    /// The language model the decoders share, if any: thread *i* owns its slot *i*, and its
    /// decoder — and any other decoder it runs (device streams) — scores with that instance.
    package let languageModel: PocketSphinxDecoder.SharedLanguageModel?

    private let source: any JobSource
    private let state = Mutex(State())
    private let busy = Atomic<Int>(0)

    private struct State {
        var spawned = false
        var loaded = 0
        var loadSeconds: [Double] = []
        var failure: SpeechEngineError?
        var finishedLoading = 0
        var running = 0
        var loadTarget = 0
        var readyWaiters: [CheckedContinuation<Void, any Error>] = []
        var exitWaiters: [CheckedContinuation<Void, Never>] = []

        /// Known once every thread has either loaded its decoder or failed to.
        var loadOutcome: Result<Void, SpeechEngineError>? {
            guard spawned, finishedLoading == loadTarget else { return nil }
            return failure.map { .failure($0) } ?? .success(())
        }
    }

    /// Workers that will take jobs from `source`; nothing runs until `start()`.
    /// - Parameter languageModel: shared by the decoders instead of one each; needs a slot per thread.
    package init(
        configuration: PocketSphinxConfiguration,
        count: Int,
        batchSize: Int = 1,
        source: any JobSource,
        languageModel: PocketSphinxDecoder.SharedLanguageModel? = nil
    ) {
        precondition(count >= 1, "at least one decoder thread")
        precondition(languageModel.map { $0.slots >= count } ?? true, "a language-model slot per decoder thread")
        self.configuration = configuration
        self.languageModel = languageModel
        self.count = count
        self.batchSize = max(1, batchSize)
        self.source = source
        self.threadNames = (0..<count).map { "asr-decoder-\($0)" }
    }

    /// Starts the threads (first call only) and returns once every decoder is loaded.
    /// Concurrent and later calls wait for, and report, the same outcome.
    /// - Throws: the first `SpeechEngineError` a decoder failed to load with; workers whose
    ///   decoder did load keep serving the source until it is closed.
    package func start() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let (spawn, outcome) = state.withLock { state -> (Bool, Result<Void, SpeechEngineError>?) in
                if let outcome = state.loadOutcome { return (false, outcome) }
                state.readyWaiters.append(continuation)
                guard !state.spawned else { return (false, nil) }
                state.spawned = true
                state.loadTarget = count
                state.running = count
                return (true, nil)
            }
            if let outcome { continuation.resume(with: outcome) }
            if spawn {
                for (index, name) in threadNames.enumerated() {
                    Thread { [self] in run(name: name, slot: index) }.start()
                }
            }
        }
    }

    /// Decoders loaded so far.
    package var loadedCount: Int { state.withLock { $0.loaded } }

    /// Whether every decoder is loaded and no thread has exited.
    package var isReady: Bool { state.withLock { $0.loaded == count && $0.running == count } }

    /// Workers currently running jobs (the rest wait for work or are not up).
    package var busyCount: Int { busy.load(ordering: .relaxed) }

    /// Threads that have not exited.
    package var runningCount: Int { state.withLock { $0.running } }

    /// Seconds each decoder took to load (model loading only; creation is serialised
    /// process-wide, so with N threads readiness takes about the sum), in the order they finished.
    package var loadSeconds: [Double] { state.withLock { $0.loadSeconds } }

    /// Returns once every thread has exited (after the source was closed and drained), or
    /// at once if the threads were never started.
    package func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let stopped = state.withLock { state -> Bool in
                guard state.running > 0 else { return true }
                state.exitWaiters.append(continuation)
                return false
            }
            if stopped { continuation.resume() }
        }
    }

    // MARK: On the decoder threads

    /// The body of decoder thread `name`, which owns language-model slot `slot`.
    private func run(name: String, slot: Int) {
        Self.nameCurrentThread(name)
        do {
            let decoder = try PocketSphinxDecoder(configuration: configuration, languageModel: languageModel, slot: slot)
            reportLoaded(seconds: decoder.loadSeconds)
            serve(decoder)
        } catch {
            reportLoadFailure(error)
        }
        // The decoder has been released (on this thread) before the exit is reported.
        reportExit()
    }

    /// Names the calling OS thread, as `top -H`, `/proc` and `Thread.current.name` show it.
    /// Foundation on Linux cannot do this reliably: `Thread.name` set before `start()` is
    /// dropped, and set from inside the thread it races with `start()` storing the pthread
    /// handle; a new thread otherwise inherits its creator's name (a cooperative-pool
    /// thread's). Writing `/proc/thread-self/comm` is the kernel's own interface for it.
    private static func nameCurrentThread(_ name: String) {
        #if os(Linux)
        try? name.write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
        #endif
    }

    private func serve(_ decoder: PocketSphinxDecoder) {
        while true {
            let jobs = source.next(maxBatch: batchSize)
            if jobs.isEmpty { return }
            busy.add(1, ordering: .relaxed)
            for job in jobs {
                job.run(on: decoder)
            }
            busy.subtract(1, ordering: .relaxed)
        }
    }

    private func reportLoaded(seconds: Double) {
        finishLoading { state in
            state.loaded += 1
            state.loadSeconds.append(seconds)
        }
    }

    private func reportLoadFailure(_ error: SpeechEngineError) {
        finishLoading { state in
            if state.failure == nil { state.failure = error }
        }
    }

    private func finishLoading(_ update: (inout State) -> Void) {
        let (waiters, outcome) = state.withLock { state -> ([CheckedContinuation<Void, any Error>], Result<Void, SpeechEngineError>?) in
            update(&state)
            state.finishedLoading += 1
            guard let outcome = state.loadOutcome else { return ([], nil) }
            defer { state.readyWaiters.removeAll() }
            return (state.readyWaiters, outcome)
        }
        if let outcome {
            for waiter in waiters { waiter.resume(with: outcome.mapError { $0 as any Error }) }
        }
    }

    private func reportExit() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.running -= 1
            guard state.running == 0 else { return [] }
            defer { state.exitWaiters.removeAll() }
            return state.exitWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
