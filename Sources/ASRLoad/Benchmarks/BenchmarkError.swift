/// Why a benchmark could not run (not a missed target: those are results).
public enum BenchmarkError: Error, CustomStringConvertible, Sendable {
    /// The speech corpus is missing or unreadable.
    case corpus(String)
    /// A process under test (runtime, peer, redis-server) did not start or become healthy.
    case process(String)
    /// Talking HTTP to a process under test failed outright.
    case http(String)
    /// Options no run can use.
    case options(String)

    public var description: String {
        switch self {
        case .corpus(let message): "corpus: \(message)"
        case .process(let message): "process: \(message)"
        case .http(let message): "http: \(message)"
        case .options(let message): message
        }
    }
}
