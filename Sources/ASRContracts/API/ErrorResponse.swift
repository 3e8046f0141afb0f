/// The body of every 4xx/5xx answer: `success: false` (as the guide's clients check) and a
/// message that names the problem.
public struct ErrorResponse: Codable, Sendable, Equatable {
    public var success: Bool
    public var error: String
    /// A stable machine-readable code (`bad_audio`, `queue_full`, ...).
    public var code: String

    public init(error: String, code: String) {
        self.success = false
        self.error = error
        self.code = code
    }
}
