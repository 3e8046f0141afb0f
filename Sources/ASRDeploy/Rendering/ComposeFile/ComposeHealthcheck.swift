/// A container health check.
struct ComposeHealthcheck: Encodable, Equatable {
    var test: [String]
    var interval: String
    var timeout: String
    var retries: Int
    var startPeriod: String?

    enum CodingKeys: String, CodingKey {
        case test, interval, timeout, retries
        case startPeriod = "start_period"
    }
}
