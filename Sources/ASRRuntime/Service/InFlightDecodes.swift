import Synchronization

/// Identical audio waiting or decoding is decoded once: the first request starts the decode,
/// later ones with the same cache key await the same task.
final class InFlightDecodes: Sendable {
    private let tasks = Mutex<[CacheKey: Task<Transcription, any Error>]>([:])

    /// The result for `key`: a decode already under way, or a new one from `start`.
    /// - Returns: the transcription and whether it was shared with an earlier request.
    func result(for key: CacheKey, start: @escaping @Sendable () async throws -> Transcription) async throws -> (Transcription, shared: Bool) {
        let (task, shared) = tasks.withLock { tasks -> (Task<Transcription, any Error>, Bool) in
            if let existing = tasks[key] { return (existing, true) }
            let task = Task { try await start() }
            tasks[key] = task
            return (task, false)
        }
        defer {
            if !shared { tasks.withLock { _ = $0.removeValue(forKey: key) } }
        }
        return (try await task.value, shared)
    }

    var count: Int { tasks.withLock { $0.count } }
}
