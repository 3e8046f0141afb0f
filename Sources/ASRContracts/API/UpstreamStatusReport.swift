/// How the runtime's upstream engine is doing, in `/asr/stats` → `engines[].upstream`.
public struct UpstreamStatusReport: Codable, Sendable, Equatable {
    /// The transcription endpoint, without credentials.
    public var url: String
    public var model: String
    /// The circuit breaker: `closed` (requests go), `open` (refused at once), `half_open` (one probe).
    public var breaker: String
    /// Times the breaker opened.
    public var breakerOpened: Int
    /// Recognitions sent (each counted once, however many attempts it took).
    public var requests: Int
    public var succeeded: Int
    /// Attempts repeated after a connection error or a 502/503/504.
    public var retries: Int
    /// Failed recognitions by kind: `connection`, `timeout`, `server_error`, `client_error`,
    /// `bad_response`, `unavailable` (refused by the open breaker).
    public var errors: [String: Int]
    /// Requests open to the upstream now, and waiting for `ASR_UPSTREAM_MAX_IN_FLIGHT`.
    public var inFlight: Int
    public var waiting: Int
    /// Seconds from sending to the answer, successful requests only (the most recent 4096).
    public var latencyP50: Double
    public var latencyP95: Double
    public var latencyP99: Double
    public var lastError: String?
    /// Why the upstream is not to be counted on now (breaker open, or not reachable at the last
    /// probe of `/v1/models` with no answer since); nil when it is.
    public var problem: String?
    /// Whether `/v1/models` lists the configured model; nil when it lists none.
    public var modelListed: Bool?

    enum CodingKeys: String, CodingKey {
        case url, model, breaker, requests, succeeded, retries, errors, waiting
        case breakerOpened = "breaker_opened"
        case inFlight = "in_flight"
        case latencyP50 = "latency_p50"
        case latencyP95 = "latency_p95"
        case latencyP99 = "latency_p99"
        case lastError = "last_error"
        case problem
        case modelListed = "model_listed"
    }

    package init(
        url: String,
        model: String,
        breaker: String,
        breakerOpened: Int,
        requests: Int,
        succeeded: Int,
        retries: Int,
        errors: [String: Int],
        inFlight: Int,
        waiting: Int,
        latencyP50: Double,
        latencyP95: Double,
        latencyP99: Double,
        lastError: String?,
        problem: String? = nil,
        modelListed: Bool? = nil
    ) {
        self.problem = problem
        self.modelListed = modelListed
        self.url = url
        self.model = model
        self.breaker = breaker
        self.breakerOpened = breakerOpened
        self.requests = requests
        self.succeeded = succeeded
        self.retries = retries
        self.errors = errors
        self.inFlight = inFlight
        self.waiting = waiting
        self.latencyP50 = latencyP50
        self.latencyP95 = latencyP95
        self.latencyP99 = latencyP99
        self.lastError = lastError
    }
}
