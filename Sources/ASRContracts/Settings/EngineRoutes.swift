/// `ASR_ENGINE_ROUTES`: which engine serves which language, e.g. `zh=upstream,en=pocketsphinx`,
/// with `*=` naming the engine for every other language. Empty: every request goes to the
/// default engine (`ASR_ENGINE`), whatever language it names.
package struct EngineRoutes: Sendable, Equatable {
    /// Language (lower case, or `*`) → engine name.
    package let routes: [String: String]

    package static let engineNames = ["pocketsphinx", "upstream"]

    /// - Throws: `EngineRoutesError` naming the entry that is not `language=engine` or names an
    ///   unknown engine.
    package init(parsing text: String) throws(EngineRoutesError) {
        var routes: [String: String] = [:]
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw EngineRoutesError(entry: entry, problem: "expected language=engine, e.g. zh=upstream or *=pocketsphinx")
            }
            let language = parts[0].lowercased()
            guard language == "*" || language.allSatisfy({ $0.isLetter || $0 == "-" }) else {
                throw EngineRoutesError(entry: entry, problem: "\"\(parts[0])\" is not a language code (e.g. zh, en, zh-cn) or *")
            }
            guard Self.engineNames.contains(parts[1]) else {
                throw EngineRoutesError(entry: entry, problem: "unknown engine \"\(parts[1])\"; use \(Self.engineNames.joined(separator: " or "))")
            }
            guard routes[language] == nil else { throw EngineRoutesError(entry: entry, problem: "\(language) is routed twice") }
            routes[language] = parts[1]
        }
        self.routes = routes
    }

    package var isEmpty: Bool { routes.isEmpty }

    /// The engine name for `language`: its own route, else its base language's (`zh-cn` → `zh`),
    /// else `*`; nil when none matches.
    package func engineName(for language: String) -> String? {
        let language = language.lowercased()
        if let name = routes[language] { return name }
        if let base = language.split(separator: "-").first, let name = routes[String(base)] { return name }
        return routes["*"]
    }

    /// Engine names that some route uses.
    package var engineNamesUsed: Set<String> { Set(routes.values) }

    /// The languages routed to `engine` (`*` included), sorted.
    package func languages(of engine: String) -> [String] {
        routes.filter { $0.value == engine }.keys.sorted()
    }
}
