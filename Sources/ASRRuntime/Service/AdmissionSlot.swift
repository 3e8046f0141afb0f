/// One of the `ASR_MAX_CONCURRENT` recognition slots, held by the work the gate admitted. It
/// cannot be copied and gives itself back when it goes out of scope, so a slot is released
/// exactly once on every path: answer, error or cancellation.
struct AdmissionSlot: ~Copyable, Sendable {
    private let scheduler: RecognitionScheduler

    /// Wraps a slot already taken from `scheduler`.
    init(takenFrom scheduler: RecognitionScheduler) {
        self.scheduler = scheduler
    }

    /// Holds the slot while `work` runs; it is given back when `work` returns or throws.
    consuming func hold<Value>(while work: () async throws -> Value) async rethrows -> Value {
        try await work()
    }

    deinit {
        scheduler.releaseSlot()
    }
}
