/// The verdict of one host check, ordered by severity (`pass < warn < fail`).
public enum HostCheckStatus: String, Codable, Sendable, Comparable, CaseIterable {
    /// The host meets the requirement.
    case pass = "PASS"
    /// It works, but not as the profile intends (fewer devices, a fallback, a thin margin).
    case warn = "WARN"
    /// The deployment will not start or will not hold: fix this first.
    case fail = "FAIL"

    private var severity: Int {
        switch self {
        case .pass: return 0
        case .warn: return 1
        case .fail: return 2
        }
    }

    public static func < (lhs: HostCheckStatus, rhs: HostCheckStatus) -> Bool {
        lhs.severity < rhs.severity
    }
}
