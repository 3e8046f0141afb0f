/// How urgent a recognition is, as the guide's clients send it (`priority`: 1 high, 2 medium,
/// 3 low). Ordering follows the raw value: sorting ascending puts the most urgent first.
package enum RecognitionPriority: Int, Sendable, Hashable, Comparable, CaseIterable, Codable {
    case high = 1
    case medium = 2
    case low = 3

    package static func < (lhs: RecognitionPriority, rhs: RecognitionPriority) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The name used in /asr/stats queues (`high`, `medium`, `low`).
    package var name: String {
        switch self {
        case .high: return "high"
        case .medium: return "medium"
        case .low: return "low"
        }
    }
}
