import CHiredis
import Foundation

/// The dedicated thread that owns the hiredis connection, its job queue, and the
/// connect / reconnect-with-backoff / health-check state machine.
///
/// Blocking hiredis calls run only here, never on the Swift cooperative pool or an event loop.
/// Callers hand over `RedisJob`s with `submit`, which refuses at once (fail fast) unless the
/// connection is up; the thread runs jobs in order, and when a command breaks the connection it
/// drops it, marks the state disconnected and schedules reconnects with `RedisBackoff`, waking
/// itself with `NSCondition.wait(until:)`.
///
/// `@unchecked Sendable`: every stored `var` except `connection` is read and written only while
/// holding `condition`; `connection` is read and written only on the worker thread (`run` and
/// the functions it calls). The remaining properties are immutable.
final class RedisWorker: @unchecked Sendable {
    /// Name of the dedicated thread, visible in debuggers and `top -H`.
    static let threadName = "asr-redis"

    private let configuration: RedisCacheConfiguration
    private let clock = ContinuousClock()
    private let condition = NSCondition()

    // Guarded by `condition`.
    private var queue: [RedisJob] = []
    private var running = false
    private var stopped = false
    private var phase = RedisConnectionState.connecting
    private var since = Date()
    private var lastError: String?
    private var lastErrorAt: Date?
    private var reconnectAttempts = 0
    private var consecutiveFailures = 0
    private var lastSuccess: Date?
    private var connects = 0
    private var nextAttempt: ContinuousClock.Instant?
    private var nextHealthCheck: ContinuousClock.Instant?
    private var hits = 0
    private var misses = 0
    private var unavailable = 0
    private var stores = 0

    // Confined to the worker thread.
    private var connection: HiredisConnection?

    /// Starts the thread; the first connection attempt begins immediately.
    init(configuration: RedisCacheConfiguration) {
        self.configuration = configuration
        nextAttempt = clock.now
        let thread = Thread { [self] in run() }
        thread.name = Self.threadName
        thread.start()
    }

    // MARK: - Called from any thread

    /// Queues `job` for the thread, or returns why it was refused without waiting: not connected,
    /// queue full, or shut down.
    func submit(_ job: RedisJob) -> RedisError? {
        condition.lock()
        defer { condition.unlock() }
        if stopped { return .shutDown }
        guard case .connected = phase else { return .notConnected }
        guard queue.count < configuration.maxPendingRequests else { return .overloaded }
        queue.append(job)
        condition.signal()
        return nil
    }

    /// Stops the thread: queued jobs fail with `.shutDown`, the connection is closed.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    /// The current state of the connection.
    var state: RedisConnectionState {
        condition.withLock { phase }
    }

    /// A consistent snapshot of state and counters.
    var status: RedisCacheStatus {
        condition.withLock {
            let wallNow = Date()
            let now = clock.now
            return RedisCacheStatus(
                state: phase.name,
                address: configuration.endpoint.description,
                since: since,
                lastError: lastError,
                lastErrorAt: lastErrorAt,
                reconnectAttempts: reconnectAttempts,
                consecutiveFailures: consecutiveFailures,
                lastSuccess: lastSuccess,
                nextReconnectAt: phase == .connected
                    ? nil : nextAttempt.map { wallNow.addingTimeInterval(($0 - now).seconds) },
                connects: connects,
                pendingRequests: queue.count + (running ? 1 : 0),
                hits: hits,
                misses: misses,
                unavailable: unavailable,
                stores: stores
            )
        }
    }

    /// Counts a `get` outcome for the status.
    func record(_ lookup: RedisLookup) {
        condition.withLock {
            switch lookup {
            case .hit: hits += 1
            case .miss: misses += 1
            case .unavailable: unavailable += 1
            }
        }
    }

    /// Counts a `set` outcome for the status.
    func recordStore(succeeded: Bool) {
        condition.withLock {
            if succeeded { stores += 1 } else { unavailable += 1 }
        }
    }

    // MARK: - The worker thread

    /// What the thread does next.
    private enum Step {
        case run(RedisJob)
        case connect
        case healthCheck
        case exit([RedisJob])
    }

    private func run() {
        // hiredis writes with write(2); a server that went away must give EPIPE here, not kill the process.
        _ = chiredis_block_sigpipe_on_current_thread()
        while true {
            switch nextStep() {
            case .run(let job): perform(job)
            case .connect: connect()
            case .healthCheck: healthCheck()
            case .exit(let abandoned):
                connection = nil
                for job in abandoned { job.complete(.failure(.shutDown)) }
                return
            }
        }
    }

    /// Waits until there is work: a queued job, a due reconnect or health check, or `stop`.
    private func nextStep() -> Step {
        condition.lock()
        defer { condition.unlock() }
        // Back here means the previous step is finished.
        running = false
        while true {
            if stopped {
                let abandoned = queue
                queue.removeAll()
                let wallNow = Date()
                phase = .disconnected(since: wallNow, lastError: RedisError.shutDown.description)
                since = wallNow
                lastError = RedisError.shutDown.description
                return .exit(abandoned)
            }
            if !queue.isEmpty {
                running = true
                return .run(queue.removeFirst())
            }
            let now = clock.now
            let wake: ContinuousClock.Instant?
            if connection == nil {
                if let due = nextAttempt, due <= now { return .connect }
                wake = nextAttempt
            } else {
                if let due = nextHealthCheck, due <= now { return .healthCheck }
                wake = nextHealthCheck
            }
            if let wake {
                _ = condition.wait(until: Date().addingTimeInterval((wake - now).seconds))
            } else {
                condition.wait()
            }
        }
    }

    private func perform(_ job: RedisJob) {
        // The caller already gave up (deadline or cancellation): do not spend the connection on it.
        guard !job.isFinished else { return }
        guard let live = connection else {
            job.complete(.failure(.notConnected))
            return
        }
        let result = live.command(job.arguments)
        settle(after: result, on: live)
        // Resume the caller only after the state reflects the outcome.
        job.complete(result)
    }

    private func healthCheck() {
        guard let live = connection else { return }
        let result = live.command([Data("PING".utf8)])
        settle(after: result, on: live)
    }

    /// Updates the state after a command: a broken connection is dropped and reconnects are
    /// scheduled; anything else counts as a success (error replies come from a live server).
    private func settle(after result: Result<RedisReply, RedisError>, on live: HiredisConnection) {
        if live.isBroken {
            connection = nil
            let reason: String
            if case .failure(let error) = result { reason = error.description } else { reason = "connection broken" }
            condition.withLock {
                let wallNow = Date()
                phase = .disconnected(since: wallNow, lastError: reason)
                since = wallNow
                lastError = reason
                lastErrorAt = wallNow
                consecutiveFailures += 1
                reconnectAttempts = 0
                nextAttempt = clock.now + configuration.backoff.delay(afterFailures: 0)
                nextHealthCheck = nil
            }
        } else if case .success = result {
            condition.withLock {
                lastSuccess = Date()
                consecutiveFailures = 0
                nextHealthCheck = configuration.healthCheckInterval.map { clock.now + $0 }
            }
        }
    }

    private func connect() {
        let outcome: Result<HiredisConnection, RedisError>
        do {
            outcome = .success(try openConnection())
        } catch {
            outcome = .failure(error)
        }
        if case .success(let live) = outcome { connection = live }
        condition.withLock {
            let wallNow = Date()
            switch outcome {
            case .success:
                phase = .connected
                since = wallNow
                connects += 1
                reconnectAttempts = 0
                consecutiveFailures = 0
                lastSuccess = wallNow
                nextAttempt = nil
                nextHealthCheck = configuration.healthCheckInterval.map { clock.now + $0 }
            case .failure(let error):
                if case .disconnected(let outageStart, _) = phase {
                    since = outageStart
                } else {
                    since = wallNow
                }
                phase = .disconnected(since: since, lastError: error.description)
                lastError = error.description
                lastErrorAt = wallNow
                reconnectAttempts += 1
                consecutiveFailures += 1
                nextAttempt = clock.now + configuration.backoff.delay(afterFailures: reconnectAttempts)
            }
        }
    }

    /// Connects, authenticates and selects the database when the endpoint asks for it, then
    /// checks with `PING` that Redis answers: a stopped or wedged server still completes the TCP
    /// handshake in the kernel, and must not be reported as connected.
    private func openConnection() throws(RedisError) -> HiredisConnection {
        let endpoint = configuration.endpoint
        let live = try HiredisConnection(host: endpoint.host, port: endpoint.port, timeout: configuration.timeout)
        if let password = endpoint.password {
            var arguments = [Data("AUTH".utf8)]
            if let username = endpoint.username { arguments.append(Data(username.utf8)) }
            arguments.append(Data(password.utf8))
            try expectOK(live.command(arguments), what: "AUTH")
        }
        if endpoint.database != 0 {
            try expectOK(
                live.command([Data("SELECT".utf8), Data(String(endpoint.database).utf8)]),
                what: "SELECT \(endpoint.database)"
            )
        }
        try expectOK(live.command([Data("PING".utf8)]), what: "PING")
        return live
    }

    private func expectOK(_ result: Result<RedisReply, RedisError>, what: String) throws(RedisError) {
        switch result {
        case .success(.status):
            return
        case .success(.error(let message)):
            throw .connection("\(what) on \(configuration.endpoint): \(message)")
        case .success(let other):
            throw .connection("\(what) on \(configuration.endpoint): unexpected reply \(other)")
        case .failure(let error):
            throw error
        }
    }
}
