/// What the periodic maintenance (memory sampling, aggressive GC) has done.
public struct MaintenanceStatistics: Sendable, Codable, Equatable {
    public var gcPasses = 0
    /// Bytes of RSS the last GC pass gave back (RSS before − after; 0 if it grew).
    public var lastReleasedBytes = 0
    public var totalReleasedBytes = 0

    package init(gcPasses: Int = 0, lastReleasedBytes: Int = 0, totalReleasedBytes: Int = 0) {
        self.gcPasses = gcPasses
        self.lastReleasedBytes = lastReleasedBytes
        self.totalReleasedBytes = totalReleasedBytes
    }

    enum CodingKeys: String, CodingKey {
        case gcPasses = "gc_passes"
        case lastReleasedBytes = "last_released_bytes"
        case totalReleasedBytes = "total_released_bytes"
    }
}
