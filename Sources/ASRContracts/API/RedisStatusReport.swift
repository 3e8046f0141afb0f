/// The L2 cache's connection state as /health and /asr/stats show it.
public struct RedisStatusReport: Codable, Sendable, Equatable {
    /// `connected`, `disconnected`, `connecting` or `disabled`.
    public var state: String
    public var address: String?
    public var lastError: String?
    public var reconnectAttempts: Int

    public init(state: String, address: String? = nil, lastError: String? = nil, reconnectAttempts: Int = 0) {
        self.state = state
        self.address = address
        self.lastError = lastError
        self.reconnectAttempts = reconnectAttempts
    }

    public static let disabled = RedisStatusReport(state: "disabled")

    enum CodingKeys: String, CodingKey {
        case state, address
        case lastError = "last_error"
        case reconnectAttempts = "reconnect_attempts"
    }
}
