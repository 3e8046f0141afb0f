import ASRDeploy
import Foundation
import TestSupport
import Testing
import Yams

/// The engine as a Compose service of its own: what `render compose` writes for it, read back as
/// YAML, and what the real `docker-compose config -q` makes of it.
@Suite(.ownThreads) struct EngineServiceRenderTests {
    /// The rendered Compose file, parsed.
    static func compose(_ config: EffectiveConfiguration) throws -> [String: Any] {
        let text = try #require(try Renderer.render(.compose, config).first).contents
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    static func service(_ name: String, in compose: [String: Any]) throws -> [String: Any] {
        let services = try #require(compose["services"] as? [String: Any])
        return try #require(services[name] as? [String: Any], "no service \(name) in \(services.keys.sorted())")
    }

    @Test func theRuntimeWaitsForTheEngineToBeHealthyAndReachesItOnTheNetwork() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let compose = try Self.compose(ws.load(values: [EngineServiceLoadingTests.example]))
        let engine = try Self.service("asr-engine", in: compose)
        #expect(engine["image"] as? String == "ghcr.io/speaches-ai/speaches:latest-cpu")
        #expect(engine["expose"] as? [String] == ["8000"])
        #expect(engine["ports"] == nil, "the engine is reached on the Compose network only")
        let limits = try #require((engine["deploy"] as? [String: Any])?["resources"] as? [String: Any])
        #expect(limits["limits"] as? [String: String] == ["cpus": "2", "memory": "3g"])
        #expect(limits["reservations"] as? [String: String] == ["cpus": "1", "memory": "2g"])
        let health = try #require(engine["healthcheck"] as? [String: Any])
        let test = try #require(health["test"] as? [String])
        #expect(test.first == "CMD-SHELL")
        #expect(test.last?.contains("curl -fsS -o /dev/null http://localhost:8000/v1/models") == true)
        #expect(test.last?.contains("wget -q -O /dev/null http://localhost:8000/v1/models") == true)
        #expect(test.last?.contains("python3 -c") == true)
        #expect(health["start_period"] as? String == "120s")
        #expect(
            engine["volumes"] as? [[String: String]] == [
                ["type": "volume", "source": "hf-hub-cache", "target": "/home/ubuntu/.cache/huggingface/hub"]
            ]
        )
        #expect((compose["volumes"] as? [String: Any])?.keys.sorted() == ["hf-hub-cache"])

        let runtime = try Self.service("xiaozhi-esp32-server", in: compose)
        let dependencies = try #require(runtime["depends_on"] as? [String: [String: String]])
        #expect(dependencies["asr-engine"] == ["condition": "service_healthy"])
        #expect(dependencies["xiaozhi-esp32-server-redis"] == ["condition": "service_started"])
        let environment = try #require(runtime["environment"] as? [String: String])
        #expect(environment["ASR_UPSTREAM_URL"] == "http://asr-engine:8000")
        #expect(environment["ASR_ENGINE"] == "upstream")
    }

    /// The default health check works in the images operators use: run by the shell with only
    /// curl, only wget or only python3 on its PATH, it passes while `/v1/models` answers and
    /// fails when nothing listens.
    @Test(arguments: ["curl", "wget", "python3"])
    func theDefaultHealthCheckWorksWithWhicheverToolTheImageHas(_ tool: String) throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let models = ws.directory.file("site/v1")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        try #"{"object":"list","data":[]}"#.write(to: models.appendingPathComponent("models"), atomically: true, encoding: .utf8)
        let port = FreePort.next()
        let server = try StaticHTTPServer(directory: ws.directory.file("site"), port: port, readyPath: "/v1/models")
        defer { server.stop() }

        let config = try ws.load(values: [EngineServiceLoadingTests.example], set: ["engine_service.port=\(port)"])
        let health = try Self.service("asr-engine", in: try Self.compose(config))["healthcheck"] as? [String: Any]
        let test = try #require(health?["test"] as? [String])
        #expect(test.count == 2 && test[0] == "CMD-SHELL")
        let bin = ws.directory.file("bin-\(tool)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: bin.appendingPathComponent(tool),
            withDestinationURL: URL(fileURLWithPath: "/usr/bin").appendingPathComponent(tool).resolvingSymlinksInPath()
        )
        let check = { try ProcessRunner.run("/bin/sh", ["-c", test[1]], environment: ["PATH": bin.path]) }
        let passing = try check()
        #expect(passing.status == 0, "\(tool) against a live /v1/models: \(passing.stderr)")
        server.stop()
        let failing = try check()
        #expect(failing.status != 0, "\(tool) passed with nothing listening")
        #expect(!failing.stderr.contains("not found"), "the check did not use \(tool): \(failing.stderr)")
    }

    /// A FunASR WebSocket engine (`funasr-ws`) is reached at `ws://asr-engine:<port>`, and its
    /// default health check passes on any HTTP answer (FunASR servers answer 426 to a plain
    /// request) with whichever tool the image has, and fails when nothing listens.
    @Test(arguments: ["curl", "wget", "python3"])
    func aFunASREngineIsReachedOverWebSocketAndCheckedByAnyAnswer(_ tool: String) throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        try FileManager.default.createDirectory(at: ws.directory.file("site"), withIntermediateDirectories: true)
        let port = FreePort.next()
        let server = try StaticHTTPServer(directory: ws.directory.file("site"), port: port, readyPath: "/")
        defer { server.stop() }

        let config = try ws.load(
            values: [EngineServiceLoadingTests.example],
            set: ["engine_service.port=\(port)", "ASR_UPSTREAM_PROTOCOL=funasr-ws"]
        )
        #expect(config.typed.runtime.upstreamURL == "ws://asr-engine:\(port)")
        let health = try Self.service("asr-engine", in: try Self.compose(config))["healthcheck"] as? [String: Any]
        let test = try #require(health?["test"] as? [String])
        #expect(test.count == 2 && !test[1].contains("/v1/models"))
        let bin = ws.directory.file("bin-\(tool)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for program in [tool, "grep"] {
            try FileManager.default.createSymbolicLink(
                at: bin.appendingPathComponent(program),
                withDestinationURL: URL(fileURLWithPath: "/usr/bin").appendingPathComponent(program).resolvingSymlinksInPath()
            )
        }
        let check = { try ProcessRunner.run("/bin/sh", ["-c", test[1]], environment: ["PATH": bin.path]) }
        #expect(try check().status == 0, "\(tool) against a live server")
        server.stop()
        #expect(try check().status != 0, "\(tool) passed with nothing listening")
    }

    @Test func theAPIKeyReachesBothServicesAsASecretNeverInline() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let key = "sk-engine-\(UUID().uuidString)"
        let keyFile = try ws.write("upstream.key", key)
        let envFile = try ws.write("engine.env", "API_KEY=\(key)\n")
        let config = try ws.load(
            values: [EngineServiceLoadingTests.example],
            set: ["ASR_UPSTREAM_API_KEY_FILE=\(keyFile.path)", "engine_service.env_file=engine.env"]
        )
        let text = try #require(try Renderer.render(.compose, config).first).contents
        #expect(!text.contains(key))
        let compose = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect(try Self.service("asr-engine", in: compose)["secrets"] as? [String] == ["upstream_api_key"])
        #expect(try Self.service("asr-engine", in: compose)["env_file"] as? [String] == ["engine.env"])
        #expect(try Self.service("xiaozhi-esp32-server", in: compose)["secrets"] as? [String] == ["upstream_api_key"])
        #expect(FileManager.default.fileExists(atPath: envFile.path))
        let result = try RenderTests.dockerComposeConfig(text, in: ws)
        #expect(result.status == 0, "docker-compose config -q failed: \(result.stderr)")
    }

    @Test func valuesReachTheEngineLiterallyNotThroughComposeSubstitution() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let config = try ws.load(
            values: [EngineServiceLoadingTests.example],
            set: ["engine_service.environment=PROMPT=$HOME", "engine_service.healthcheck_test=test -n $HOSTNAME"]
        )
        let text = try #require(try Renderer.render(.compose, config).first).contents
        let engine = try Self.service("asr-engine", in: try #require(try Yams.load(yaml: text) as? [String: Any]))
        #expect(engine["environment"] as? [String: String] == ["PROMPT": "$$HOME"])
        #expect((engine["healthcheck"] as? [String: Any])?["test"] as? [String] == ["CMD-SHELL", "test -n $$HOSTNAME"])
        // Compose turns $$ back into $: what the engine gets is what the profile says.
        let url = try ws.write("docker-compose.yml", text)
        let resolved = try ProcessRunner.run("docker-compose", ["-f", url.path, "config"], currentDirectory: ws.directory.url)
        #expect(resolved.status == 0, "\(resolved.stderr)")
        #expect(resolved.stdout.contains("PROMPT: $$HOME") || resolved.stdout.contains("PROMPT: $HOME"), "\(resolved.stdout)")
    }

    @Test func withoutAnImageNothingIsRenderedAndTheRuntimeKeepsItsShortDependency() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let text = try #require(try Renderer.render(.compose, ws.load(set: ["engine_service.port=9000"])).first).contents
        #expect(!text.contains("asr-engine"))
        #expect(text.contains("    depends_on:\n    - xiaozhi-esp32-server-redis\n"))
    }

    @Test func withRedisOffTheRuntimeDependsOnTheEngineAlone() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let compose = try Self.compose(ws.load(values: [EngineServiceLoadingTests.example], set: ["redis.enabled=false"]))
        let runtime = try Self.service("xiaozhi-esp32-server", in: compose)
        #expect(runtime["depends_on"] as? [String: [String: String]] == ["asr-engine": ["condition": "service_healthy"]])
    }
}
