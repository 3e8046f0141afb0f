import Synchronization

/// The decoders device streams use: one per open stream, created on first use and kept for
/// reuse (up to `idleLimit`) when a stream closes, because xiaozhi devices reconnect for every
/// conversation and a decoder takes ~0.3 s of CPU and ~96 MB to create.
///
/// Creation and freeing run on one housekeeping thread; the decoding itself runs on the
/// engine's worker threads through the scheduler (see `DeviceSession`).
public final class StreamDecoderPool: Sendable {
    public struct Snapshot: Sendable, Equatable, Codable {
        /// Decoders created so far.
        public var created: Int
        /// Streams served by a decoder a previous stream used.
        public var reused: Int
        /// Decoders in use by open streams.
        public var inUse: Int
        /// Decoders kept for the next stream.
        public var idle: Int
        public var idleLimit: Int
        /// Decoders freed (surplus, memory pressure, shutdown).
        public var freed: Int
        /// Mean seconds to load one decoder's models.
        public var averageLoadSeconds: Double

        enum CodingKeys: String, CodingKey {
            case created, reused, idle, freed
            case inUse = "in_use"
            case idleLimit = "idle_limit"
            case averageLoadSeconds = "average_load_seconds"
        }
    }

    private struct State {
        var idle: [StreamDecoder] = []
        var created = 0
        var reused = 0
        var inUse = 0
        var freed = 0
        var loadSeconds = 0.0
        var closed = false
    }

    public let configuration: PocketSphinxConfiguration
    public let idleLimit: Int
    private let state = Mutex(State())
    private let house = HousekeepingThread(name: "asr-stream-dec")

    public init(configuration: PocketSphinxConfiguration, idleLimit: Int) {
        self.configuration = configuration
        self.idleLimit = max(0, idleLimit)
    }

    /// A decoder for a new stream: a kept one, or a new one loaded on the housekeeping thread.
    /// - Throws: `SpeechEngineError` if the models cannot be loaded, `.shutDown` once closed.
    public func acquire() async throws -> StreamDecoder {
        let kept = try state.withLock { state throws(SpeechEngineError) -> StreamDecoder? in
            guard !state.closed else { throw .shutDown }
            state.inUse += 1
            guard let decoder = state.idle.popLast() else { return nil }
            state.reused += 1
            return decoder
        }
        if let kept { return kept }
        let configuration = self.configuration
        do {
            let decoder = try await house.run { StreamDecoder(decoder: try PocketSphinxDecoder(configuration: configuration)) }
            state.withLock {
                $0.created += 1
                $0.loadSeconds += decoder.loadSeconds
            }
            return decoder
        } catch {
            state.withLock { $0.inUse -= 1 }
            throw error
        }
    }

    /// Takes a stream's decoder back once no job uses it; `recognizer` ends any open utterance
    /// first. Both happen on the housekeeping thread.
    public func release(_ decoder: StreamDecoder, recognizer: StreamRecognizer?) {
        house.enqueue { [self] in
            recognizer?.abandon()
            let keep = state.withLock { state -> Bool in
                state.inUse -= 1
                guard !state.closed, state.idle.count < idleLimit else {
                    state.freed += 1
                    return false
                }
                state.idle.append(decoder)
                return true
            }
            if !keep { decoder.free() }
        }
    }

    /// Frees kept decoders beyond `keep` (memory pressure, aggressive GC).
    public func trim(keep: Int = 0) {
        let dropped = state.withLock { state -> [StreamDecoder] in
            guard state.idle.count > keep else { return [] }
            let dropped = Array(state.idle[keep...])
            state.idle.removeLast(state.idle.count - keep)
            state.freed += dropped.count
            return dropped
        }
        guard !dropped.isEmpty else { return }
        house.enqueue { dropped.forEach { $0.free() } }
    }

    /// Frees every kept decoder and takes no more streams; decoders still in use are freed as
    /// their streams end.
    public func shutdown() async {
        state.withLock { $0.closed = true }
        trim(keep: 0)
        _ = try? await house.run { () }
        house.close()
    }

    public var snapshot: Snapshot {
        state.withLock {
            Snapshot(created: $0.created, reused: $0.reused, inUse: $0.inUse, idle: $0.idle.count, idleLimit: idleLimit,
                     freed: $0.freed, averageLoadSeconds: $0.created == 0 ? 0 : $0.loadSeconds / Double($0.created))
        }
    }
}
