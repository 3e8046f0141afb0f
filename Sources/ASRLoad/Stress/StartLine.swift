import Synchronization

/// Where burst-mode devices wait for each other: once every device has either said hello or
/// been refused (or `patience` has passed), all admitted ones are released together with one
/// start instant, so their utterances begin in the same frame.
final class StartLine: Sendable {
    private struct State {
        var settled = 0
        var waiting: [CheckedContinuation<ContinuousClock.Instant, Never>] = []
        var start: ContinuousClock.Instant?
    }

    private let devices: Int
    private let state = Mutex(State())

    init(devices: Int) {
        self.devices = devices
    }

    /// An admitted device waits here; returns the common start instant.
    func arrive() async -> ContinuousClock.Instant {
        await withCheckedContinuation { continuation in
            let release = state.withLock { state -> (ContinuousClock.Instant, [CheckedContinuation<ContinuousClock.Instant, Never>])? in
                if let start = state.start { return (start, [continuation]) }
                state.settled += 1
                state.waiting.append(continuation)
                return Self.releaseIfAllSettled(&state, devices: devices)
            }
            if let (start, waiting) = release { for waiter in waiting { waiter.resume(returning: start) } }
        }
    }

    /// A device that will not speak (refused, connection failed) stops the others waiting for it.
    func withdraw() {
        let release = state.withLock { state -> (ContinuousClock.Instant, [CheckedContinuation<ContinuousClock.Instant, Never>])? in
            guard state.start == nil else { return nil }
            state.settled += 1
            return Self.releaseIfAllSettled(&state, devices: devices)
        }
        if let (start, waiting) = release { for waiter in waiting { waiter.resume(returning: start) } }
    }

    /// Releases whoever waits now, whatever is still missing (the run's patience ran out).
    func releaseNow() {
        let release = state.withLock { state -> (ContinuousClock.Instant, [CheckedContinuation<ContinuousClock.Instant, Never>]) in
            let start = state.start ?? .now + .milliseconds(100)
            state.start = start
            defer { state.waiting.removeAll() }
            return (start, state.waiting)
        }
        for waiter in release.1 { waiter.resume(returning: release.0) }
    }

    private static func releaseIfAllSettled(
        _ state: inout State,
        devices: Int
    ) -> (ContinuousClock.Instant, [CheckedContinuation<ContinuousClock.Instant, Never>])? {
        guard state.settled >= devices else { return nil }
        // A moment to let every task get back to its device before the first frame is due.
        let start = ContinuousClock.now + .milliseconds(100)
        state.start = start
        defer { state.waiting.removeAll() }
        return (start, state.waiting)
    }
}
