/// Why a stress run could not start or finish.
public enum StressError: Error, CustomStringConvertible, Equatable {
    /// The speech corpus is missing or unreadable.
    case corpus(String)
    /// Bad options (devices, duration, URL).
    case options(String)
    /// The runtime does not answer /health.
    case unreachable(String)

    public var description: String {
        switch self {
        case .corpus(let message): "speech corpus: \(message)"
        case .options(let message): message
        case .unreachable(let message): "runtime not reachable: \(message)"
        }
    }
}
