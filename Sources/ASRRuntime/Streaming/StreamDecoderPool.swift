import ASRContracts
import Synchronization

/// The decoders device streams use. A stream leases one only while it listens — from
/// `listen start` (manual utterance or auto-mode probe) until the listening ends — and gives
/// it back in between, so decoders ≈ devices listening at once, not devices connected
/// (xiaozhi devices spend most of a conversation waiting for the answer or playing it).
///
/// A decoder is loaded ahead of demand so a stream that starts listening finds one ready:
/// `prepare` loads the first ones at start-up, and while `spareDecoders` > 0 a lease that takes
/// the last idle decoder (or finds none) starts loading the next in the background. Loading
/// takes ~0.3 s on a quiet machine and seconds on a busy one; a stream that waited for its own
/// decoder was answered that much later — with 3 devices talking, the first utterances' 2.2 s
/// were the whole p95 (issue 12). A lease that finds none idle and queues its own load takes a
/// spare instead if one finished loading first.
///
/// Returned decoders are kept for the next lease: up to `idleLimit` for good, more for
/// `surplusIdleSeconds` after their last use (so a busy period does not pay ~0.3 s of model
/// loading per utterance), all of them trimmed under memory pressure. A new decoder is only
/// created when none is free and `admitNewDecoder` allows the memory of the decoders then
/// loading, `estimatedDecoderBytes` each (the runtime: RSS plus that stays below
/// `ASR_MEMORY_CRITICAL_MB`); otherwise the lease waits up to `leaseWaitSeconds` for a decoder
/// another stream gives back (its audio keeps arriving meanwhile, nothing is lost), then fails
/// with `SpeechEngineError.noDecoder`, which the stream reports to its device.
///
/// With a `SharedLanguageModel` the decoders load no n-gram model of their own and a dictionary
/// cut to its words (~41 MB each instead of ~90 MB for en-us); they then must run only as jobs on the engine's decoder
/// threads, which select their slot (see `StreamRecognizer.handle`).
///
/// Creation and freeing run on one housekeeping thread; the decoding itself runs on the
/// engine's worker threads through the scheduler (see `DeviceSession`).
package final class StreamDecoderPool: Sendable {
    package typealias Snapshot = StreamDecoderPoolSnapshot

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<StreamDecoder?, Never>
    }

    private struct Idle {
        var decoder: StreamDecoder
        var since: ContinuousClock.Instant
    }

    private struct State {
        var idle: [Idle] = []
        var created = 0
        var reused = 0
        var leases = 0
        var inUse = 0
        var peakInUse = 0
        var freed = 0
        var waited = 0
        var refused = 0
        /// Leases that got none because another decoder was loading (`acquire(unlessLoading:)`).
        var declined = 0
        var loading = 0
        /// Spares being loaded in the background.
        var replenishing = 0
        /// Leases waiting for a decoder to come back, oldest first.
        var waiters: [Waiter] = []
        var nextWaiter: UInt64 = 0
        var loadSeconds = 0.0
        var closed = false
    }

    package let configuration: PocketSphinxConfiguration
    /// Shared with the engine's decoders; nil: each decoder loads its own.
    package let languageModel: PocketSphinxDecoder.SharedLanguageModel?
    package let idleLimit: Int
    package let surplusIdleSeconds: Double
    /// How long a lease that finds no decoder free and memory critical waits for one to be given back.
    package let leaseWaitSeconds: Double
    /// How many idle decoders the pool keeps loaded ahead of the next lease (memory permitting).
    package let spareDecoders: Int
    /// Loads already under way beyond which `acquire(unlessLoading: true)` gets no decoder: one
    /// (usually the spare) is waited for — it is ready within ~0.3 s, which the stream's
    /// decoding catches up on before most utterances end; behind two, the wait is a burst's.
    package static let loadsAheadLimit = 2

    /// Resident memory one more decoder adds, as measured with en-us (docs/devices.md): sharing
    /// the language model (and its narrowed dictionary), ~41 MB when created and ~45 MB per
    /// listening device at the peak of 25 listening at once (release build, jemalloc; it was
    /// ~47 and ~50 with glibc's malloc); ~90 MB with a model of its own. Rounded up. The memory
    /// guard admits a new decoder only while RSS plus this for each decoder loading stays below
    /// critical, so an estimate above the real cost refuses devices that would fit.
    package var estimatedDecoderBytes: Int { (languageModel != nil ? 46 : 96) << 20 }
    private let admitNewDecoder: @Sendable (_ bytes: Int) -> Bool
    private let state = Mutex(State())
    private let house = HousekeepingThread(name: "asr-stream-dec")

    /// - Parameters:
    ///   - languageModel: the engine's shared language model, if its decoders share one.
    ///   - idleLimit: returned decoders kept for good.
    ///   - surplusIdleSeconds: how long more returned decoders are kept (see `expireSurplus`).
    ///   - leaseWaitSeconds: how long a lease refused a new decoder waits for one given back.
    ///   - spareDecoders: idle decoders kept loaded ahead of the next lease.
    ///   - admitNewDecoder: asked before a decoder is created (not when a free one is reused),
    ///     with the memory the decoders that would then be loading will add — this one
    ///     included, `estimatedDecoderBytes` each, not in RSS yet; false refuses the lease. The
    ///     runtime asks its memory guard.
    package init(
        configuration: PocketSphinxConfiguration,
        languageModel: PocketSphinxDecoder.SharedLanguageModel? = nil,
        idleLimit: Int,
        surplusIdleSeconds: Double = 30,
        leaseWaitSeconds: Double = 2,
        spareDecoders: Int = 0,
        admitNewDecoder: @escaping @Sendable (_ bytes: Int) -> Bool = { _ in true }
    ) {
        self.configuration = configuration
        self.languageModel = languageModel
        self.idleLimit = max(0, idleLimit)
        self.surplusIdleSeconds = max(0, surplusIdleSeconds)
        self.leaseWaitSeconds = max(0, leaseWaitSeconds)
        self.spareDecoders = max(0, spareDecoders)
        self.admitNewDecoder = admitNewDecoder
    }

    /// A decoder for a stream that starts listening: a kept one, or a new one loaded on the
    /// housekeeping thread.
    /// - Parameter unlessLoading: when none is idle and `loadsAheadLimit` decoders are already
    ///   loading, get none (`noDecoder`) instead of queueing a load behind them. Loads run one
    ///   after another, ~0.3 s of CPU each, what decoding 1.5 s of speech costs: in a burst of
    ///   devices starting together, the last would wait seconds for its decoder while the
    ///   loads took CPU from the decoding. A stream that can have its utterance decoded whole
    ///   (`DeviceStreams.utterances`) asks this way; the pool still loads one spare at a time
    ///   in the background, so it grows to the demand.
    /// - Throws: `SpeechEngineError.noDecoder` if none is free and a new one may not be
    ///   created (memory critical, or another loading with `unlessLoading`);
    ///   `SpeechEngineError` if the models cannot be loaded; `.shutDown` once closed.
    package func acquire(unlessLoading: Bool = false) async throws -> StreamDecoder {
        let kept = try state.withLock { state throws(SpeechEngineError) -> StreamDecoder? in
            guard !state.closed else { throw .shutDown }
            guard let kept = state.idle.popLast() else { return nil }
            state.reused += 1
            Self.lease(&state)
            return kept.decoder
        }
        // The pool is empty now (or was): load the next stream's decoder before it asks.
        defer { replenish() }
        if let kept { return kept }
        let loading = try state.withLock { state throws(SpeechEngineError) in
            if unlessLoading, state.loading >= Self.loadsAheadLimit {
                state.declined += 1
                throw .noDecoder(reason: "all \(state.inUse) stream decoders are in use and \(state.loading) more are loading")
            }
            state.loading += 1
            return state.loading
        }
        guard admitNewDecoder(loading * estimatedDecoderBytes) else {
            state.withLock { $0.loading -= 1 }
            if let returned = await waitForReturnedDecoder() { return returned }
            let inUse = state.withLock {
                $0.refused += 1
                return $0.inUse
            }
            throw SpeechEngineError.noDecoder(
                reason:
                    "all \(inUse) stream decoders are in use, none was given back within \(leaseWaitSeconds) s, and loading another would take memory to its critical level"
            )
        }
        state.withLock { Self.lease(&$0) }
        defer { state.withLock { $0.loading -= 1 } }
        do {
            let (decoder, loaded) = try await house.run { [self] () throws -> (StreamDecoder, Bool) in
                // A spare that finished loading while this lease waited its turn here.
                if let spare = state.withLock({ $0.idle.popLast() }) { return (spare.decoder, false) }
                return (try loadDecoder(), true)
            }
            state.withLock {
                if loaded {
                    $0.created += 1
                    $0.loadSeconds += decoder.loadSeconds
                } else {
                    $0.reused += 1
                }
            }
            return decoder
        } catch {
            state.withLock {
                $0.inUse -= 1
                $0.leases -= 1
            }
            throw error
        }
    }

    /// Loads the `spareDecoders` for the first leases (start-up), memory permitting.
    package func prepare() async {
        for _ in 0..<spareDecoders { await loadSpare() }
    }

    /// A new decoder, loaded on the calling (housekeeping) thread.
    private func loadDecoder() throws(SpeechEngineError) -> StreamDecoder {
        StreamDecoder(decoder: try PocketSphinxDecoder(configuration: configuration, languageModel: languageModel))
    }

    /// Starts loading a spare in the background unless `spareDecoders` are idle or loading.
    private func replenish() {
        let start = state.withLock { state -> Bool in
            guard !state.closed, state.idle.count + state.replenishing < spareDecoders else { return false }
            state.replenishing += 1
            return true
        }
        guard start else { return }
        Task {
            await loadSpare()
            state.withLock { $0.replenishing -= 1 }
        }
    }

    /// Loads one decoder on the housekeeping thread, if memory admits it, and keeps it idle (or
    /// hands it to a waiting lease).
    private func loadSpare() async {
        let loading = state.withLock {
            $0.loading += 1
            return $0.loading
        }
        defer { state.withLock { $0.loading -= 1 } }
        guard admitNewDecoder(loading * estimatedDecoderBytes) else { return }
        guard let decoder = try? await house.run({ [self] in try loadDecoder() }) else { return }
        state.withLock {
            $0.created += 1
            $0.loadSeconds += decoder.loadSeconds
        }
        shelve(decoder)
    }

    /// Waits up to `leaseWaitSeconds` for a decoder `release` hands over; nil if none came.
    private func waitForReturnedDecoder() async -> StreamDecoder? {
        guard leaseWaitSeconds > 0 else { return nil }
        let wait = leaseWaitSeconds
        return await withCheckedContinuation { (continuation: CheckedContinuation<StreamDecoder?, Never>) in
            let (id, idle) = state.withLock { state -> (UInt64, StreamDecoder?) in
                state.waited += 1
                // Given back (or trimmed into the idle list) since the lease looked.
                if let kept = state.idle.popLast() {
                    state.reused += 1
                    Self.lease(&state)
                    return (0, kept.decoder)
                }
                state.nextWaiter += 1
                state.waiters.append(Waiter(id: state.nextWaiter, continuation: continuation))
                return (state.nextWaiter, nil)
            }
            if let idle {
                continuation.resume(returning: idle)
                return
            }
            Task { [self] in
                try? await Task.sleep(for: .seconds(wait))
                // Whoever removes the waiter resumes it: this timeout, or `release`.
                let expired = state.withLock { state -> CheckedContinuation<StreamDecoder?, Never>? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiters.remove(at: index).continuation
                }
                expired?.resume(returning: nil)
            }
        }
    }

    private static func lease(_ state: inout State) {
        state.leases += 1
        state.inUse += 1
        state.peakInUse = max(state.peakInUse, state.inUse)
    }

    /// Takes a leased decoder back once no job uses it.
    /// - Parameter clean: no utterance is open on it. A decoder given back mid-utterance (its
    ///   stream closed while listening) is freed, not kept: ending the utterance would run the
    ///   search off the decoder threads, on a language-model slot another thread may be using.
    package func release(_ decoder: StreamDecoder, clean: Bool = true) {
        state.withLock { $0.inUse -= 1 }
        shelve(decoder, clean: clean)
        // Beyond the kept ones, the surplus waits for `expireSurplus`.
    }

    /// Keeps a decoder no stream uses (given back or loaded ahead) for the next lease, hands it
    /// to a lease waiting for one, or frees it (`clean` false, or the pool closed).
    private func shelve(_ decoder: StreamDecoder, clean: Bool = true) {
        enum Outcome {
            case free, keep
            case handOver(CheckedContinuation<StreamDecoder?, Never>)
        }
        let outcome = state.withLock { state -> Outcome in
            guard clean, !state.closed else {
                state.freed += 1
                return .free
            }
            if !state.waiters.isEmpty {
                // A lease is waiting (memory critical): it gets this decoder directly.
                state.reused += 1
                Self.lease(&state)
                return .handOver(state.waiters.removeFirst().continuation)
            }
            state.idle.append(Idle(decoder: decoder, since: .now))
            return .keep
        }
        switch outcome {
        case .free: free([decoder])
        case .keep: break
        case .handOver(let waiter): waiter.resume(returning: decoder)
        }
    }

    /// Frees idle decoders beyond `idleLimit` that have not been leased for
    /// `surplusIdleSeconds`. The runtime calls it from its maintenance loop.
    package func expireSurplus(now: ContinuousClock.Instant = .now) {
        let dropped = state.withLock { state -> [StreamDecoder] in
            guard state.idle.count > idleLimit else { return [] }
            // The most recently returned are at the end (and leased first): expire from the front.
            var dropped: [StreamDecoder] = []
            while state.idle.count > idleLimit, let oldest = state.idle.first,
                (now - oldest.since).seconds >= surplusIdleSeconds
            {
                dropped.append(state.idle.removeFirst().decoder)
            }
            state.freed += dropped.count
            return dropped
        }
        free(dropped)
    }

    /// Frees kept decoders beyond `keep` (memory pressure, aggressive GC).
    package func trim(keep: Int = 0) {
        let dropped = state.withLock { state -> [StreamDecoder] in
            guard state.idle.count > keep else { return [] }
            // Keep the most recently used.
            let count = state.idle.count - keep
            let dropped = state.idle.prefix(count).map(\.decoder)
            state.idle.removeFirst(count)
            state.freed += dropped.count
            return dropped
        }
        free(dropped)
    }

    /// Frees `decoders` on the housekeeping thread, then hands the freed heap back to the kernel
    /// (`malloc_trim`): a decoder is thousands of small allocations that glibc would otherwise
    /// keep, so RSS — what the memory guard admits new decoders by — would not fall.
    private func free(_ decoders: [StreamDecoder]) {
        guard !decoders.isEmpty else { return }
        house.enqueue {
            for decoder in decoders { decoder.free() }
            ProcessMemory.releaseFreedMemory()
        }
    }

    /// Frees every kept decoder and takes no more streams; decoders still leased are freed as
    /// their streams give them back.
    package func shutdown() async {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
        trim(keep: 0)
        _ = try? await house.run { () }
        house.close()
    }

    package var snapshot: Snapshot {
        state.withLock {
            Snapshot(
                created: $0.created,
                reused: $0.reused,
                leases: $0.leases,
                inUse: $0.inUse,
                peakInUse: $0.peakInUse,
                idle: $0.idle.count,
                idleLimit: idleLimit,
                surplusIdleSeconds: surplusIdleSeconds,
                freed: $0.freed,
                waited: $0.waited,
                refused: $0.refused,
                declinedWhileLoading: $0.declined,
                leaseWaitSeconds: leaseWaitSeconds,
                averageLoadSeconds: $0.created == 0 ? 0 : $0.loadSeconds / Double($0.created),
                sharedLanguageModel: languageModel != nil,
                languageModelSlots: languageModel?.slots ?? 0
            )
        }
    }
}
