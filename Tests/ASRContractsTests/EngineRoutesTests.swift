import ASRContracts
import Testing

/// `ASR_ENGINE_ROUTES`: language → engine, with `*` for the rest; entries that cannot be used
/// are refused naming the entry.
@Suite struct EngineRoutesTests {
    @Test func languagesFindTheirEngineThenTheirBaseLanguageThenTheWildcard() throws {
        let routes = try EngineRoutes(parsing: " zh=upstream, en = pocketsphinx ,*=pocketsphinx")
        #expect(routes.engineName(for: "zh") == "upstream")
        #expect(routes.engineName(for: "ZH-cn") == "upstream")
        #expect(routes.engineName(for: "en-US") == "pocketsphinx")
        #expect(routes.engineName(for: "fr") == "pocketsphinx")
        #expect(routes.languages(of: "upstream") == ["zh"])
        #expect(routes.languages(of: "pocketsphinx") == ["*", "en"])
    }

    @Test func withoutAWildcardAnUnroutedLanguageHasNoEngine() throws {
        let routes = try EngineRoutes(parsing: "zh=upstream")
        #expect(routes.engineName(for: "en") == nil)
        #expect(try EngineRoutes(parsing: "").isEmpty)
    }

    @Test(arguments: [
        ("zh", "expected language=engine"),
        ("zh=whisper", "unknown engine \"whisper\""),
        ("zh=upstream,zh=pocketsphinx", "zh is routed twice"),
        ("z h=upstream", "is not a language code"),
        ("=upstream", "expected language=engine"),
    ])
    func unusableEntriesAreRefusedByName(text: String, problem: String) {
        #expect {
            try EngineRoutes(parsing: text)
        } throws: { error in
            "\(error)".contains(problem) && "\(error)".contains("ASR_ENGINE_ROUTES entry")
        }
    }

    @Test func anUpstreamInUseNeedsAnAddressOfItsProtocolAndAModel() throws {
        func problem(_ environment: [String: String]) -> String? {
            do {
                _ = try RuntimeConfiguration(environment: environment)
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(problem(["ASR_ENGINE": "upstream"])?.contains("ASR_UPSTREAM_URL is empty") == true)
        #expect(problem(["ASR_ENGINE_ROUTES": "zh=upstream"])?.contains("ASR_UPSTREAM_URL is empty") == true)
        #expect(problem(["ASR_UPSTREAM_URL": "ftp://x"])?.contains("not a http:// or https:// address") == true)
        // The FunASR protocol takes ws(s) addresses, and no model.
        #expect(problem(["ASR_UPSTREAM_PROTOCOL": "funasr-ws", "ASR_UPSTREAM_URL": "http://funasr:10095"])?.contains("ws:// or wss://") == true)
        #expect(problem(["ASR_UPSTREAM_PROTOCOL": "funasr-ws", "ASR_UPSTREAM_URL": "ws://funasr:10095"]) == nil)
        #expect(problem(["ASR_UPSTREAM_URL": "ws://funasr:10095", "ASR_UPSTREAM_MODEL": "paraformer-zh"])?.contains("http:// or https://") == true)
        #expect(problem(["ASR_UPSTREAM_URL": "http://funasr:8000"])?.contains("ASR_UPSTREAM_MODEL is empty") == true)
        #expect(problem(["ASR_UPSTREAM_URL": "http://funasr:8000", "ASR_UPSTREAM_MODEL": "paraformer-zh"]) == nil)
        let configuration = try RuntimeConfiguration(environment: ["ASR_NETWORK_TIMEOUT": "17", "ASR_MAX_CONCURRENT": "9"])
        #expect(configuration.upstreamTimeoutSeconds == 17)
        #expect(configuration.upstreamRequestLimit == 9)
    }
}
