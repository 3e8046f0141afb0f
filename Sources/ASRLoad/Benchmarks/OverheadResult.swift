/// Per-request overhead, measured in pairs: each corpus utterance decoded in this process by a
/// bare decoder, then at once sent (one request at a time, distinct audio) to the runtime and
/// to the peer. Overhead = that request's latency − that decode's time, taken seconds apart,
/// so the machine's changing load cancels out far better than against §1's medians.
package struct OverheadResult: Codable, Sendable, Equatable {
    /// Utterance decodes paired with requests.
    package var pairs: Int
    /// The bare decoder's time per utterance.
    package var decode: LatencyPercentiles?
    /// Runtime latency − decode time.
    package var ours: LatencyPercentiles?
    /// Peer latency − decode time (nil without the peer).
    package var peer: LatencyPercentiles?

    package init(pairs: Int, decode: LatencyPercentiles?, ours: LatencyPercentiles?, peer: LatencyPercentiles?) {
        self.pairs = pairs
        self.decode = decode
        self.ours = ours
        self.peer = peer
    }
}
