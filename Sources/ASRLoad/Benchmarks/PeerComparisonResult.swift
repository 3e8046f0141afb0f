/// Section 7: the Python peer (bench/peers/pocketsphinx_peer.py) under the same load, same
/// audio and same number of decoders, in the same run.
package struct PeerComparisonResult: Codable, Sendable, Equatable {
    package var workers: Int
    package var command: String
    /// Same levels as section 2.
    package var levels: [LoadResult]
    /// Clients = 2 × admitted, with the same small admission settings as section 5's runtime.
    package var overload2x: LoadResult?
    /// The runtime with the same admission settings under the same 2× overload, run right before the
    /// peer's (the comparison's other side; §5 has its own).
    package var oursOverload2x: LoadResult?
    package var idleMB: Double?
    package var startupSeconds: Double
    /// Why the peer was not measured, when it was not.
    package var skipped: String?

    enum CodingKeys: String, CodingKey {
        case workers, command, levels, skipped
        case overload2x = "overload_2x"
        case oursOverload2x = "ours_overload_2x"
        case idleMB = "idle_mb"
        case startupSeconds = "startup_seconds"
    }

    package init(
        workers: Int,
        command: String,
        levels: [LoadResult],
        overload2x: LoadResult?,
        idleMB: Double?,
        startupSeconds: Double,
        skipped: String? = nil,
        oursOverload2x: LoadResult? = nil
    ) {
        self.workers = workers
        self.command = command
        self.levels = levels
        self.overload2x = overload2x
        self.idleMB = idleMB
        self.startupSeconds = startupSeconds
        self.skipped = skipped
        self.oursOverload2x = oursOverload2x
    }

    /// The saturated figure: the level with the highest audio throughput.
    package var saturated: LoadResult? { levels.filter { $0.clients > 1 }.max { $0.audioSecondsPerSecond < $1.audioSecondsPerSecond } }
}
