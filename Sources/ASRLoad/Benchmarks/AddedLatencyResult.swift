/// §8: what asrctl adds to an upstream's latency, measured in pairs — the same utterance sent
/// straight to the upstream and through asrctl, one right after the other (alternating which
/// goes first) — so the upstream's own time cancels out of each difference.
package struct AddedLatencyResult: Codable, Sendable, Equatable {
    /// The upstream, as in `EnginePathResult.engine`.
    package var upstream: String
    /// Whether the upstream decoded every request (its time varies from one decode to the next,
    /// which the difference inherits) or answered both from its own cache (its time ≈ 1 ms: the
    /// difference is asrctl's own work).
    package var upstreamDecoded: Bool
    package var pairs: Int
    /// The direct requests' latency.
    package var direct: LatencyPercentiles?
    /// Through asrctl − direct, per pair (can be negative: the two upstream answers differ).
    package var added: LatencyPercentiles?

    enum CodingKeys: String, CodingKey {
        case upstream, pairs, direct, added
        case upstreamDecoded = "upstream_decoded"
    }

    package init(upstream: String, upstreamDecoded: Bool, pairs: Int, direct: LatencyPercentiles?, added: LatencyPercentiles?) {
        self.upstream = upstream
        self.upstreamDecoded = upstreamDecoded
        self.pairs = pairs
        self.direct = direct
        self.added = added
    }
}
