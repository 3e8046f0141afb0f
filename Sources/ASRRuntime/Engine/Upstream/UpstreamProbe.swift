/// What the last look at the upstream found: `GET <url>/v1/models`, made while no recognition
/// has shown whether the upstream answers.
package struct UpstreamProbe: Sendable, Equatable {
    /// It answered HTTP at all (any status: a server without `/v1/models` still serves).
    package var reachable: Bool
    /// The models `/v1/models` lists, when it answered one.
    package var models: [String]?
    /// Why it is not reachable.
    package var error: String?
    package var at: ContinuousClock.Instant

    package init(reachable: Bool, models: [String]? = nil, error: String? = nil, at: ContinuousClock.Instant = .now) {
        self.reachable = reachable
        self.models = models
        self.error = error
        self.at = at
    }
}
