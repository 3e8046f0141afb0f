/// One line of `asrctl check-host`: what was checked, the verdict, what was found, and — for a
/// WARN or FAIL — what to do about it.
public struct HostCheck: Codable, Sendable, Equatable {
    /// A stable identifier such as `cpu-cores` or `redis-memory`, for scripts and tests.
    public var name: String
    /// PASS, WARN or FAIL.
    public var status: HostCheckStatus
    /// What was found, with the figures compared.
    public var detail: String
    /// What to do about a WARN or FAIL; `nil` for PASS.
    public var hint: String?

    public init(name: String, status: HostCheckStatus, detail: String, hint: String? = nil) {
        self.name = name
        self.status = status
        self.detail = detail
        self.hint = hint
    }

    enum CodingKeys: String, CodingKey {
        case name, status, detail, hint
    }

    /// Encodes a missing hint as `null`, so every check has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(status, forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encode(hint, forKey: .hint)
    }
}
