import Foundation

/// Where an upstream answers, from `ASR_UPSTREAM_URL`: an OpenAI-compatible server's
/// transcription and model-list endpoints (a FunASR WebSocket server is the address itself),
/// and the address as it may be shown. The one place these are derived,
/// for the runtime's engine and for `check-host`.
public struct UpstreamAddress: Sendable, Hashable {
    /// The address as configured, e.g. `http://funasr:8000` or `http://funasr:8000/v1`.
    public let url: URL

    /// nil when `text` is empty or not a URL.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let url = URL(string: trimmed) else { return nil }
        self.url = url
    }

    /// The path up to and including `/v1`, whichever of base, `/v1` or the full endpoint was given.
    private var versionPath: String {
        var path = url.path
        for suffix in ["/audio/transcriptions", "/"] where path.hasSuffix(suffix) { path.removeLast(suffix.count) }
        return path.hasSuffix("/v1") ? path : path + "/v1"
    }

    private func endpoint(_ path: String) -> URL {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.path = versionPath + path
        return components.url ?? url
    }

    /// `POST` an utterance here.
    public var transcriptions: URL { endpoint("/audio/transcriptions") }

    /// `GET` the served models here.
    public var models: URL { endpoint("/models") }

    /// The address as it may be shown: without user, password or query.
    public var display: String { Self.shown(url) }

    /// `url` as it may be shown: without user, password or query.
    public static func shown(_ url: URL) -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.user = nil
        components.password = nil
        components.query = nil
        return components.string ?? "upstream"
    }

    /// `host:port`, the port spelled out (80/443 when the address has none).
    public var hostAndPort: String {
        let port = url.port ?? (["https", "wss"].contains(url.scheme?.lowercased() ?? "") ? 443 : 80)
        return "\(url.host ?? "localhost"):\(port)"
    }
}
