import ASRDeploy
import Foundation
import TestSupport
import Testing

/// Golden files, real validators: `docker-compose config -q` and a real `redis-server`.
@Suite(.ownThreads) struct RenderTests {
    /// A configuration with golden files: the base profiles, each preset, and the example of an
    /// engine run as a Compose service.
    struct GoldenCase: Sendable, CustomTestStringConvertible {
        let name: String
        var preset: String? = nil
        var values: [URL] = []

        var testDescription: String { name }
    }

    static let goldenCases: [GoldenCase] =
        [GoldenCase(name: "base")]
        + ["high-load", "low-load", "memory-tight", "network-latency"].map { GoldenCase(name: $0, preset: $0) }
        + [GoldenCase(name: "engine-service", values: [EngineServiceLoadingTests.example])]
    static let goldenRoot = RepositoryPaths.root.appendingPathComponent("Tests/ASRDeployTests/Golden")

    /// Set ASRCTL_UPDATE_GOLDEN=1 to rewrite the golden files from the current renderer.
    static let updateGolden = ProcessInfo.processInfo.environment["ASRCTL_UPDATE_GOLDEN"] == "1"

    /// `docker-compose -f <file> config -q`, run where `compose` is written (Compose resolves
    /// relative paths, such as an env_file, against it).
    static func dockerComposeConfig(_ compose: String, in ws: TestWorkspace) throws -> ProcessRunner.Result {
        let url = try ws.write("docker-compose.yml", compose)
        return try ProcessRunner.run("docker-compose", ["-f", url.path, "config", "-q"], currentDirectory: ws.directory.url)
    }

    @Test(arguments: goldenCases)
    func renderingMatchesGoldenFiles(_ golden: GoldenCase) throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let files = try Renderer.render(.all, ws.load(preset: golden.preset, values: golden.values))
        #expect(files.map(\.name) == ["docker-compose.yml", "redis-server.args", "asr.env"])
        let directory = Self.goldenRoot.appendingPathComponent(golden.name)
        for file in files {
            let url = directory.appendingPathComponent(file.name)
            if Self.updateGolden {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try file.contents.write(to: url, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOf: url, encoding: .utf8)
            #expect(file.contents == expected, "\(url.path) differs; rerun with ASRCTL_UPDATE_GOLDEN=1 if the change is intended")
        }
        // Deterministic: a second render is byte-identical.
        #expect(try Renderer.render(.all, ws.load(preset: golden.preset, values: golden.values)) == files)
    }

    @Test(arguments: goldenCases)
    func composeFilePassesDockerComposeConfig(_ golden: GoldenCase) throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let compose = try #require(try Renderer.render(.compose, ws.load(preset: golden.preset, values: golden.values)).first)
        let result = try Self.dockerComposeConfig(compose.contents, in: ws)
        #expect(result.status == 0, "docker-compose config -q failed: \(result.stderr)")
    }

    @Test func composeCarriesEveryRuntimeSettingAndTheGuidesResources() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let config = try ws.load(preset: "high-load")
        let compose = try #require(try Renderer.render(.compose, config).first).contents
        for (name, value) in config.runtimeEnvironment where name != "ASR_REDIS_URL" && name != "ASR_HOST" {
            #expect(compose.contains("\(name): '\(value)'") || compose.contains("\(name): \(value)"), "\(name) missing")
        }
        #expect(compose.contains("ASR_WORKER_THREADS: '6'"))
        #expect(compose.contains("ASR_REDIS_URL: redis://xiaozhi-esp32-server-redis:6379"))
        #expect(compose.contains("cpuset: 0-2"))
        #expect(compose.contains("shm_size: 2g"))
        #expect(compose.contains("- http://localhost:8001/health"))
        #expect(compose.contains("- 8001:8001"))
    }

    /// Found against a real engine: with ASR_PORT moved off 8001 the container listened there
    /// while the health check still asked localhost:8001, so Docker called it unhealthy.
    @Test func aMovedPortIsPublishedWhileTheContainerKeepsTheGuidesPort() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let compose = try #require(try Renderer.render(.compose, ws.load(set: ["ASR_PORT=18123"])).first).contents
        #expect(compose.contains("- 18123:8001"))
        #expect(compose.contains("ASR_PORT: '8001'"))
        #expect(compose.contains("- http://localhost:8001/health"))
    }

    /// Found against a real engine: Redis 7 without a bind address or password refuses clients
    /// from other containers (protected mode) unless the image turns it off as redis:7-alpine does.
    @Test func composeRedisAcceptsClientsFromTheComposeNetwork() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let compose = try #require(try Renderer.render(.compose, ws.load()).first).contents
        #expect(compose.contains("    - --protected-mode\n    - 'no'\n"))
        // The embedded deployment's loopback redis-server keeps Redis's default.
        let arguments = try #require(try Renderer.render(.redis, ws.load()).first).contents
        #expect(!arguments.contains("protected-mode"))
    }

    /// The upstream's API key reaches the container as a Compose secret: the file's path on the
    /// host is in the Compose file, the key never is, and the runtime reads it where Compose
    /// mounts it. `docker-compose config` accepts the result.
    @Test func upstreamKeyIsAComposeSecretNeverInline() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let key = "sk-compose-\(UUID().uuidString)"
        let keyFile = try ws.write("upstream.key", key)
        let config = try ws.load(set: [
            "ASR_ENGINE=upstream", "ASR_UPSTREAM_URL=http://funasr:8000", "ASR_UPSTREAM_MODEL=paraformer-zh",
            "ASR_UPSTREAM_API_KEY_FILE=\(keyFile.path)",
        ])
        let compose = try #require(try Renderer.render(.compose, config).first).contents
        #expect(!compose.contains(key))
        #expect(compose.contains("ASR_UPSTREAM_API_KEY_FILE: /run/secrets/upstream_api_key"))
        #expect(compose.contains("secrets:\n  upstream_api_key:\n    file: \(keyFile.path)"))
        #expect(compose.contains("    secrets:\n    - upstream_api_key"))
        let env = try #require(try Renderer.render(.env, config).first).contents
        #expect(!env.contains(key))
        let result = try Self.dockerComposeConfig(compose, in: ws)
        #expect(result.status == 0, "docker-compose config -q failed: \(result.stderr)")
    }

    @Test func redisDisabledDropsTheRedisService() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let compose = try #require(try Renderer.render(.compose, ws.load(set: ["redis.enabled=false"])).first).contents
        #expect(!compose.contains("xiaozhi-esp32-server-redis:\n"))
        #expect(compose.contains("ASR_REDIS_URL: ''"))
    }

    @Test(arguments: [nil, "memory-tight"] as [String?])
    func redisAcceptsTheRenderedFlagsAndReadsThemBack(preset: String?) throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let config = try ws.load(preset: preset, set: ["redis.maxmemory=256mb", "redis.hash_max_ziplist_entries=1024"])
        let flags = RedisCommandLine(redis: config.typed.redis)
        let server = try RedisServer(extraArguments: flags.arguments)
        defer { server.kill() }
        let expected: [String: String] = [
            "maxmemory": String(256 << 20),
            "maxmemory-policy": "allkeys-lru",
            "hash-max-ziplist-entries": "1024",
            "hash-max-ziplist-value": "64",
            "list-max-ziplist-size": "-2",
            "set-max-intset-entries": "512",
        ]
        #expect(Set(flags.flags.map(\.name)) == Set(expected.keys))
        for (name, value) in expected {
            #expect(try server.configGet(name) == value, "CONFIG GET \(name)")
        }
    }

    @Test func writerKeepsUserEditsAndSkipsUnchangedFiles() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let output = ws.directory.file("deploy")
        let files = try Renderer.render(.all, ws.load())
        let first = try RenderWriter.write(files, to: output, workspace: ws.workspace)
        #expect(first.allSatisfy { $0.outcome == .created })
        let again = try RenderWriter.write(files, to: output, workspace: ws.workspace)
        #expect(again.allSatisfy { $0.outcome == .unchanged })

        // asrctl's own earlier output is replaced without a backup...
        let tuned = try Renderer.render(.all, ws.load(preset: "high-load"))
        let updated = try RenderWriter.write(tuned, to: output, workspace: ws.workspace)
        #expect(updated.first { $0.path.hasSuffix("asr.env") }?.outcome == .updated)

        // ...but a hand edit is kept in a .bak copy.
        let env = output.appendingPathComponent("asr.env")
        try "ASR_QUEUE_SIZE=99 # my edit\n".write(to: env, atomically: true, encoding: .utf8)
        let rewritten = try RenderWriter.write(files, to: output, workspace: ws.workspace)
        guard case .updatedKeepingEdits(let backup) = rewritten.first(where: { $0.path.hasSuffix("asr.env") })?.outcome else {
            Issue.record("hand edit not detected")
            return
        }
        #expect(try String(contentsOfFile: backup, encoding: .utf8) == "ASR_QUEUE_SIZE=99 # my edit\n")
        #expect(try String(contentsOf: env, encoding: .utf8) == files.first { $0.name == "asr.env" }?.contents)
    }
}
