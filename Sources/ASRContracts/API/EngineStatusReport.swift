/// One engine the runtime routes to, in `/health` and `/asr/stats` → `engines`.
public struct EngineStatusReport: Codable, Sendable, Equatable {
    /// The id in cache keys, e.g. `pocketsphinx-en-us`, `upstream-paraformer-zh`.
    public var id: String
    /// `pocketsphinx` or `upstream`.
    public var name: String
    /// The languages routed to it (`*`: every language no other engine takes).
    public var languages: [String]
    /// `ready`, `loading`, `failed`, or for an upstream `degraded` while its breaker is open.
    public var state: String
    /// Why the state is not `ready`, when there is more to say.
    public var reason: String?
    public var upstream: UpstreamStatusReport?

    package init(id: String, name: String, languages: [String], state: String, reason: String? = nil, upstream: UpstreamStatusReport? = nil) {
        self.id = id
        self.name = name
        self.languages = languages
        self.state = state
        self.reason = reason
        self.upstream = upstream
    }
}
