/// How a FunASR runtime WebSocket client wants its audio recognised (the config message's
/// `mode`).
public enum FunASRMode: String, Sendable, Codable, CaseIterable {
    /// One result per round, when the client says `is_speaking: false`.
    case offline
    /// Partial results while audio arrives, and a final one when the round ends.
    case online
    /// Partial results while audio arrives (`2pass-online`), and each sentence's result when
    /// it ends (`2pass-offline`) — a sentence ends on trailing silence or with the round.
    case twoPass = "2pass"

    /// The `mode` a result carries: `offline`, `online`, or for 2pass `2pass-online` (partial)
    /// and `2pass-offline` (a sentence's result).
    public func resultMode(partial: Bool) -> String {
        switch self {
        case .offline, .online: rawValue
        case .twoPass: partial ? "2pass-online" : "2pass-offline"
        }
    }
}
