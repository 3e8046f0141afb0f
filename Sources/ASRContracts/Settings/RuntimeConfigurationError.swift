/// A combination of runtime setting values the runtime refuses to start with.
public enum RuntimeConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case memoryThresholdsOutOfOrder(warning: Int, critical: Int, max: Int)
    /// The upstream engine's settings do not work together (`RuntimeConfiguration.upstreamProblem`).
    case upstream(String)

    public var description: String {
        switch self {
        case let .memoryThresholdsOutOfOrder(warning, critical, max):
            return
                "memory thresholds must satisfy ASR_MEMORY_WARNING_MB (\(warning)) < ASR_MEMORY_CRITICAL_MB (\(critical)) < ASR_MAX_MEMORY_MB (\(max))"
        case .upstream(let problem):
            return problem
        }
    }
}
