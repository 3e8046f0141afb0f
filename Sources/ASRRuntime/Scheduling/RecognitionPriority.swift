/// The guide's request priority: 1 high, 2 medium, 3 low. Waiting work is served high first,
/// first come first served within a priority.
public enum RecognitionPriority: Int, Sendable, Codable, CaseIterable, Comparable {
    case high = 1
    case medium = 2
    case low = 3

    /// Parses the guide's integer; anything else is rejected by the API.
    public init?(guideValue: Int) {
        self.init(rawValue: guideValue)
    }

    public static func < (lhs: RecognitionPriority, rhs: RecognitionPriority) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The stats field name (`high`, `medium`, `low`).
    public var name: String {
        switch self {
        case .high: return "high"
        case .medium: return "medium"
        case .low: return "low"
        }
    }
}
