/// How the runtime speaks to its upstream engine (`ASR_UPSTREAM_PROTOCOL`).
public enum UpstreamProtocol: String, Sendable, CaseIterable {
    /// The OpenAI audio API: each utterance `POST`ed to `<url>/v1/audio/transcriptions`.
    case openAI = "openai"
    /// The FunASR runtime WebSocket protocol: each utterance an offline round on a connection.
    case funASRWebSocket = "funasr-ws"

    /// The URL schemes an address for this protocol may have.
    public var schemes: [String] {
        switch self {
        case .openAI: ["http", "https"]
        case .funASRWebSocket: ["ws", "wss"]
        }
    }
}
