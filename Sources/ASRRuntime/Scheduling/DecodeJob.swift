import Foundation

/// One utterance waiting for, or held by, a decoder worker. Requests with identical audio
/// share one job (`waiters`), so the audio is decoded once.
public final class DecodeJob: @unchecked Sendable {
    // Mutable fields are only touched under the scheduler's lock.
    public let key: CacheKey
    public let samples: [Int16]
    var priority: RecognitionPriority
    let enqueuedAt: ContinuousClock.Instant
    var waiters: [CheckedContinuation<DecodeResult, any Error>] = []

    init(key: CacheKey, samples: [Int16], priority: RecognitionPriority) {
        self.key = key
        self.samples = samples
        self.priority = priority
        self.enqueuedAt = .now
    }
}
