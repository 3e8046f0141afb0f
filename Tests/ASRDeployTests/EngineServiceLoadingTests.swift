import ASRContracts
import ASRDeploy
import Foundation
import TestSupport
import Testing

/// `engine.upstream.service` in a profile: its keys become `engine_service.*` settings, with the
/// same line:column errors, `--set` and `config --explain` as every other setting, and the
/// runtime's upstream defaults to the service.
@Suite struct EngineServiceLoadingTests {
    static let example = RepositoryPaths.profiles.appendingPathComponent("examples/speaches-engine.yaml")

    @Test func theExampleProfileNamesTheServiceAndTheRuntimeIsItsClient() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let config = try ws.load(values: [Self.example])
        let engine = config.typed.engineService
        #expect(engine.renderedImage == "ghcr.io/speaches-ai/speaches:latest-cpu")
        #expect(engine.port == 8000)
        #expect(engine.resources.memoryLimit.text == "3g")
        #expect(engine.resources.cpusLimit == 2)
        #expect(engine.environment == ["WHISPER__COMPUTE_TYPE=int8", "WHISPER__TTL=-1", "ENABLE_UI=false"])
        #expect(engine.volumes == ["hf-hub-cache:/home/ubuntu/.cache/huggingface/hub"])
        #expect(engine.mounts == [EngineServiceMount(parsing: "hf-hub-cache:/home/ubuntu/.cache/huggingface/hub")])
        #expect(config.entry("engine_service.image")?.source.location?.line == 11)

        // The URL was left out: it is the service's address on the Compose network, and says so.
        #expect(config.typed.runtime.upstreamURL == "http://asr-engine:8000")
        let url = try #require(config.entry("ASR_UPSTREAM_URL"))
        #expect(url.source.description.hasPrefix("derived from engine_service.image"))
        #expect(config.typed.upstreamIsEngineService)
        #expect(!config.typed.runtime.usesPocketSphinx)
        #expect(config.diagnostics.filter { $0.severity != .noEffect } == [], "\(config.diagnostics)")
    }

    @Test func aGivenURLIsKeptAndAMovedPortMovesTheDerivedOne() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let moved = try ws.load(values: [Self.example], set: ["engine_service.port=9000"])
        #expect(moved.typed.runtime.upstreamURL == "http://asr-engine:9000")
        let given = try ws.load(values: [Self.example], set: ["ASR_UPSTREAM_URL=http://asr-engine:8000/v1"])
        #expect(given.typed.runtime.upstreamURL == "http://asr-engine:8000/v1")
        #expect(given.entry("ASR_UPSTREAM_URL")?.source == .commandLine("ASR_UPSTREAM_URL=http://asr-engine:8000/v1"))
        // Without an image nothing is derived: the upstream must be named.
        let none = try ws.load(set: ["engine_service.port=9000"])
        #expect(none.typed.runtime.upstreamURL == "")
        #expect(none.entry("ASR_UPSTREAM_URL")?.source == .builtInDefault)
    }

    /// Left out, the requests in flight to the engine service are two per CPU it may use (at
    /// most ASR_MAX_CONCURRENT); set, or for an upstream elsewhere, they are as set.
    @Test func theInFlightLimitFollowsTheEngineServicesCPUs() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let example = try ws.load(values: [Self.example])
        #expect(example.typed.runtime.upstreamMaxInFlight == 4)
        #expect(example.entry("ASR_UPSTREAM_MAX_IN_FLIGHT")?.source.description.hasPrefix("derived from engine_service.cpus_limit 2") == true)
        #expect(try ws.load(values: [Self.example], set: ["engine_service.cpus_limit=1.5"]).typed.runtime.upstreamMaxInFlight == 4)
        #expect(try ws.load(values: [Self.example], set: ["engine_service.cpus_limit=1"]).typed.runtime.upstreamMaxInFlight == 2)
        #expect(try ws.load(values: [Self.example], set: ["ASR_MAX_CONCURRENT=3"]).typed.runtime.upstreamMaxInFlight == 3)
        #expect(try ws.load(values: [Self.example], set: ["ASR_UPSTREAM_MAX_IN_FLIGHT=0"]).typed.runtime.upstreamMaxInFlight == 0)
        let elsewhere = try ws.load(values: [Self.example], set: ["ASR_UPSTREAM_URL=https://asr.example.com"])
        #expect(elsewhere.typed.runtime.upstreamMaxInFlight == 0)
    }

    @Test func environmentReadsAsAMappingOrAComposeList() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let mapping = try ws.write(
            "mapping.yaml",
            """
            engine:
              upstream:
                service:
                  environment:
                    LOG_LEVEL: info
                    OMP_NUM_THREADS: 2
            """
        )
        let list = try ws.write(
            "list.yaml",
            """
            engine:
              upstream:
                service:
                  environment:
                    - LOG_LEVEL=info
                    - OMP_NUM_THREADS=2
            """
        )
        for url in [mapping, list] {
            #expect(try ws.load(values: [url]).typed.engineService.environment == ["LOG_LEVEL=info", "OMP_NUM_THREADS=2"])
        }
    }

    @Test func aBadValueNamesFileLineColumnKeyAndTheAllowedValues() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let url = try ws.write(
            "bad-engine.yaml",
            """
            engine:
              upstream:
                service:
                  image: speaches
                  port: http
                  memory_limit: lots
            """
        )
        // (The image without a model is an error too, of the settings together, at no line.)
        let errors = loadErrors(url).filter { $0.location != nil }.map(\.description)
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("\(url.path):5:13: error: engine.upstream.service.port") && $0.contains("an integer in 1...65535") })
        #expect(errors.contains { $0.hasPrefix("\(url.path):6:21: error: engine.upstream.service.memory_limit") })
    }

    @Test func aNestedEnvironmentValueIsAnErrorAtItsLine() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let url = try ws.write(
            "nested.yaml",
            """
            engine:
              upstream:
                service:
                  environment:
                    WHISPER: {model: small}
            """
        )
        let error = try #require(loadErrors(url).first)
        #expect(error.location == SourceLocation(file: url.path, line: 5, column: 18))
        #expect(error.description.contains("expected a value, found a mapping"))
    }

    @Test func everyEngineServiceSettingIsSettableAndExplained() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let config = try ws.load(set: ["engine_service.memory_limit=4g", "engine_service.healthcheck_test=CMD-SHELL true"])
        #expect(config.typed.engineService.resources.memoryLimit.bytes == 4 << 30)
        #expect(config.typed.engineService.healthcheckTest == ["CMD-SHELL", "true"])
        let ids = config.entries.map(\.setting.id).filter { $0.hasPrefix("engine_service.") }
        #expect(ids.count == 15)
        #expect(config.entries.filter { $0.setting.id.hasPrefix("engine_service.") }.allSatisfy { !$0.setting.doc.isEmpty })
    }
}
