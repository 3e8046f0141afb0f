extension RuntimeServices {
    /// Why a device stream was refused: a message for the device and a code.
    struct StreamRefusal {
        let message: String
        let code: String
    }

    /// Admits a device stream: takes an `ASR_MAX_CONCURRENT` slot at once (streams are refused,
    /// not queued: a device waiting in silence would only time out). Returns nil when admitted
    /// — the caller then owns the slot — or why not.
    func admitStream() -> StreamRefusal? {
        switch state {
        case .loading:
            recognition.statistics.record(.rejected(.unavailable))
            return StreamRefusal(message: "the speech models are still loading; try again shortly", code: "loading")
        case .failed:
            recognition.statistics.record(.rejected(.unavailable))
            return StreamRefusal(message: "the speech models failed to load; see the service log", code: "engine_failed")
        case .draining:
            recognition.statistics.record(.rejected(.unavailable))
            return StreamRefusal(message: "the service is shutting down", code: "shutting_down")
        case .ready:
            break
        }
        guard recognition.memoryGuard.admitsNewWork() else {
            recognition.statistics.record(.rejected(.memoryCritical))
            return StreamRefusal(
                message:
                    "memory critical: RSS at or above ASR_MEMORY_CRITICAL_MB=\(configuration.memoryCriticalMB) MB; no new streams until it falls",
                code: RejectionReason.memoryCritical.rawValue
            )
        }
        guard scheduler.tryAcquireSlot() else {
            recognition.statistics.record(.rejected(.concurrencyLimit))
            return StreamRefusal(
                message:
                    "server busy: all ASR_MAX_CONCURRENT=\(configuration.maxConcurrent) recognition slots (device streams and requests) are in use; try again later",
                code: RejectionReason.concurrencyLimit.rawValue
            )
        }
        return nil
    }
}
