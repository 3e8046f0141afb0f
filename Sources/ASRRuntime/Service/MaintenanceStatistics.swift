/// What the periodic maintenance (memory sampling, aggressive GC) has done.
public struct MaintenanceStatistics: Sendable, Codable, Equatable {
    public var gcPasses = 0
    /// Bytes of RSS the last GC pass gave back (RSS before − after; 0 if it grew).
    public var lastReleasedBytes = 0
    public var totalReleasedBytes = 0

    enum CodingKeys: String, CodingKey {
        case gcPasses = "gc_passes"
        case lastReleasedBytes = "last_released_bytes"
        case totalReleasedBytes = "total_released_bytes"
    }
}
