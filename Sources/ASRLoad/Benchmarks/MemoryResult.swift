/// Section 5: the runtime's RSS idle, at saturation and under overload, and how fast it refuses.
package struct MemoryResult: Codable, Sendable, Equatable {
    /// `ASR_MAX_MEMORY_MB` of the runtime measured.
    package var capMB: Int
    /// `ASR_MAX_CONCURRENT` + `ASR_QUEUE_SIZE`: requests it admits at once; overload is a
    /// multiple of this in closed-loop clients.
    package var admitted: Int
    package var environment: [String: String]
    package var idleMB: Double?
    /// Clients = admitted (every decoder busy, queue full, nothing refused).
    package var saturation: LoadResult
    /// Clients = 2 × admitted.
    package var overload2x: LoadResult
    /// Clients = 4 × admitted.
    package var overload4x: LoadResult

    enum CodingKeys: String, CodingKey {
        case admitted, environment, saturation
        case capMB = "cap_mb"
        case idleMB = "idle_mb"
        case overload2x = "overload_2x"
        case overload4x = "overload_4x"
    }

    package init(
        capMB: Int,
        admitted: Int,
        environment: [String: String],
        idleMB: Double?,
        saturation: LoadResult,
        overload2x: LoadResult,
        overload4x: LoadResult
    ) {
        self.capMB = capMB
        self.admitted = admitted
        self.environment = environment
        self.idleMB = idleMB
        self.saturation = saturation
        self.overload2x = overload2x
        self.overload4x = overload4x
    }
}
