import ASRContracts

/// Picks the engine for a request's language: by `ASR_ENGINE_ROUTES` when set, else the
/// default engine (`ASR_ENGINE`) for every request, whatever its language.
package struct EngineRouter: Sendable {
    /// The configured engines by name (`pocketsphinx`, `upstream`).
    package let engines: [String: any SpeechEngine]
    package let defaultName: String
    package let routes: EngineRoutes

    /// - Throws: `EngineRoutesError` when the default or a route names an engine that is not
    ///   configured (e.g. `upstream` without `ASR_UPSTREAM_URL`).
    package init(engines: [String: any SpeechEngine], defaultName: String, routes: EngineRoutes) throws(EngineRoutesError) {
        guard !routes.isEmpty || engines[defaultName] != nil else {
            throw EngineRoutesError(entry: "ASR_ENGINE=\(defaultName)", problem: "that engine is not configured (\(Self.hint(defaultName)))")
        }
        for name in routes.engineNamesUsed where engines[name] == nil {
            let entry = routes.routes.filter { $0.value == name }.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ",")
            throw EngineRoutesError(entry: entry, problem: "engine \(name) is not configured (\(Self.hint(name)))")
        }
        self.engines = engines
        self.defaultName = defaultName
        self.routes = routes
    }

    /// One engine for everything.
    package init(only engine: any SpeechEngine) {
        let name = engine.capabilities.name
        engines = [name: engine]
        defaultName = name
        routes = Self.noRoutes
    }

    private static let noRoutes: EngineRoutes = {
        do { return try EngineRoutes(parsing: "") } catch { preconditionFailure("an empty route list parses") }
    }()

    private static func hint(_ name: String) -> String {
        name == "upstream" ? "set ASR_UPSTREAM_URL and ASR_UPSTREAM_MODEL" : "it is always configured"
    }

    /// The engine for `language`.
    /// - Throws: `UnservedLanguage` when routes are set and none covers `language`.
    package func engine(for language: String) throws(UnservedLanguage) -> any SpeechEngine {
        guard !routes.isEmpty else { return defaultEngine }
        guard let name = routes.engineName(for: language), let engine = engines[name] else {
            throw UnservedLanguage(language: language, served: routes.routes.keys.sorted())
        }
        return engine
    }

    /// `ASR_ENGINE`'s engine; with routes set and that engine unused (not loaded), the first routed one.
    package var defaultEngine: any SpeechEngine {
        if let engine = engines[defaultName] { return engine }
        guard let engine = engines.keys.sorted().first.flatMap({ engines[$0] }) else { preconditionFailure("a router has an engine") }
        return engine
    }

    /// The languages each engine is routed (`*` for the default engine with no routes), by name.
    package func languages(of name: String) -> [String] {
        routes.isEmpty ? (name == defaultName ? ["*"] : []) : routes.languages(of: name)
    }
}
