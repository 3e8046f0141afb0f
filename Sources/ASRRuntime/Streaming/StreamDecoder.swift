import Synchronization

/// A PocketSphinx decoder that belongs to one device stream at a time and moves between
/// threads: created and freed on the pool's housekeeping thread, fed on whichever decoder
/// worker thread the scheduler hands the stream's next job to.
///
/// A stream leases it only while it listens (an utterance or the auto-mode probe is open) and
/// gives it back between listening periods, so the next stream to listen may get it.
///
/// PocketSphinx decoders have no thread affinity; what they must never see is two threads at
/// once. A stream has at most one job in flight, and every hand-over passes through a lock
/// (the pool's, the scheduler's, a continuation), which also orders the memory. `use` checks
/// the one-user rule at run time instead of trusting it. The decoder is freed explicitly by
/// `free()` on the housekeeping thread, not by whichever thread drops the last reference.
package final class StreamDecoder: @unchecked Sendable {
    private var decoder: PocketSphinxDecoder?
    private let busy = Atomic<Bool>(false)
    /// Seconds the models took to load for this decoder.
    package let loadSeconds: Double
    /// Whether it scores with the engine's shared language model: its jobs must then name the
    /// slot of the decoder thread they run on (`PocketSphinxDecoder.useLanguageModel(slot:)`).
    package let sharesLanguageModel: Bool

    package init(decoder: PocketSphinxDecoder) {
        self.decoder = decoder
        self.loadSeconds = decoder.loadSeconds
        self.sharesLanguageModel = decoder.sharedLanguageModel != nil
    }

    /// Runs `body` with exclusive use of the decoder.
    func use<Value, Failure: Error>(_ body: (PocketSphinxDecoder) throws(Failure) -> Value) throws(Failure) -> Value {
        let (exchanged, _) = busy.compareExchange(expected: false, desired: true, ordering: .acquiring)
        precondition(exchanged, "a stream decoder was used by two threads at once")
        defer { busy.store(false, ordering: .releasing) }
        guard let decoder else { preconditionFailure("a stream decoder was used after it was freed") }
        return try body(decoder)
    }

    /// Frees the PocketSphinx decoder (`ps_free`) on the calling thread. An utterance still
    /// open is not ended first when the decoder shares the language model (see
    /// `PocketSphinxDecoder.deinit`).
    package func free() {
        let (exchanged, _) = busy.compareExchange(expected: false, desired: true, ordering: .acquiring)
        precondition(exchanged, "a stream decoder was freed while in use")
        decoder = nil
        busy.store(false, ordering: .releasing)
    }
}
