import ASRContracts
import ASRDeploy
import Foundation
import TestSupport
import Testing

@Suite struct ProfileLoadingTests {
    @Test func shippedProfilesCarryTheGuideValues() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let config = try ws.load()
        #expect(config.typed.runtime.maxMemoryMB == 1500)
        #expect(config.typed.runtime.memoryWarningMB == 1200)
        #expect(config.typed.runtime.memoryCriticalMB == 1400)
        #expect(config.typed.runtime.cacheSizeMB == 512)
        #expect(config.typed.runtime.maxConcurrent == 20)
        #expect(config.typed.runtime.batchSize == 8)
        #expect(config.typed.runtime.workerThreads == 4)
        #expect(config.typed.runtime.chunkSize == 640)
        #expect(config.typed.runtime.overlapSize == 64)
        #expect(config.typed.runtime.queueSize == 50)
        #expect(config.typed.container.resources.cpusLimit == 2.5)
        #expect(config.typed.container.resources.cpusReservation == 1.5)
        #expect(config.typed.container.cpuset.text == "0-2")
        #expect(config.typed.container.resources.memoryLimit.text == "4G")
        #expect(config.typed.container.resources.memoryReservation.text == "2G")
        #expect(config.typed.container.shmSize.text == "2g")
        #expect(config.typed.redis.maxmemory.bytes == 512 << 20)
        #expect(config.typed.redis.maxmemoryPolicy == "allkeys-lru")
        #expect(config.typed.redis.resources.memoryLimit.text == "768M")
        #expect(config.typed.redis.resources.cpusLimit == 0.5)
        #expect(config.typed.container.healthcheckTest.last == "http://localhost:8001/health")
        // Every value in the shipped profiles comes from a profile line, and none is without effect.
        #expect(config.entry("ASR_QUEUE_SIZE")?.source.location?.file.hasSuffix("asr_memory_optimized_4core_8gb.yaml") == true)
        #expect(config.diagnostics.filter { $0.severity == .noEffect }.isEmpty)
    }

    @Test(arguments: ["asr_memory_optimized_4core_8gb.yaml", "asr_docker_optimized_4core_8gb.yaml", "docker-compose.yml"])
    func forkFilesLoadAndListNoEffectKeys(name: String) throws {
        let url = RepositoryPaths.forkReference.appendingPathComponent(name)
        let config = try ConfigurationLoader.load(ConfigurationRequest(profileFiles: [url]))
        let noEffect = config.diagnostics.filter { $0.severity == .noEffect }
        #expect(!noEffect.isEmpty)
        for diagnostic in noEffect {
            #expect(diagnostic.location?.line ?? 0 > 0, "no line for \(diagnostic)")
            #expect(diagnostic.location?.file.hasSuffix(name) == true)
        }
    }

    @Test func forkMemoryProfileNamesItsImpossibleKeysWithLines() throws {
        let url = RepositoryPaths.forkReference.appendingPathComponent("asr_memory_optimized_4core_8gb.yaml")
        let config = try ConfigurationLoader.load(ConfigurationRequest(profileFiles: [url]))
        let lines = config.diagnostics.map(\.description)
        #expect(lines.contains { $0.contains(":65:17: no effect: asr_memory_optimization.cache_strategy.intelligent_caching.semantic_cache.enable") })
        #expect(lines.contains { $0.contains(":79:20: no effect: asr_memory_optimization.model_optimization.quantization.enable_int8") })
        #expect(lines.contains { $0.contains("no effect: environment_variables.ASR_ENABLE_SEMANTIC_CACHE") })
        // The fork sets the L1 size twice (128 structurally, 768 as an env var): the later wins and it says so.
        #expect(config.typed.runtime.cacheSizeMB == 768)
        #expect(lines.contains { $0.contains("warning: environment_variables.ASR_CACHE_SIZE_MB") && $0.contains("128") })
    }

    @Test func forkComposeFileIsReadAsSettings() throws {
        let url = RepositoryPaths.forkReference.appendingPathComponent("docker-compose.yml")
        let config = try ConfigurationLoader.load(ConfigurationRequest(profileFiles: [url]))
        #expect(config.typed.runtime.maxMemoryMB == 1800)
        #expect(config.typed.runtime.queueSize == 80)
        #expect(config.typed.runtime.chunkSize == 800)
        #expect(config.typed.redis.maxmemory.bytes == 1 << 30)
        #expect(config.typed.redis.cpuset?.text == "3")
        #expect(config.typed.network.mtu == 1500)
        // Its Redis maxmemory (1gb) exceeds the Redis container limit (768M): flagged at the flag's line.
        let warning = config.diagnostics.first { $0.key == "redis.maxmemory" }
        #expect(warning?.severity == .warning)
        #expect(warning?.location?.line == 197)
        // --strict turns that into a failure.
        #expect(!loadErrors(url, strict: true).isEmpty)
    }

    @Test func typeErrorNamesFileLineColumnAndKey() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let url = try ws.write(
            "bad.yaml",
            """
            asr_memory_optimization:
              memory_management:
                max_memory_mb: lots
            """
        )
        let errors = loadErrors(url)
        #expect(errors.count == 1)
        let text = errors.first?.description ?? ""
        #expect(text.hasPrefix("\(url.path):3:20: error: asr_memory_optimization.memory_management.max_memory_mb"))
        #expect(text.contains("an integer in 256...65536"))
    }

    @Test func outOfRangeValueNamesTheAllowedRange() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let url = try ws.write(
            "range.yaml",
            """
            asr_memory_optimization:
              concurrency_memory:
                thread_pool:
                  max_workers: 500
            """
        )
        let error = try #require(loadErrors(url).first)
        #expect(error.location == SourceLocation(file: url.path, line: 4, column: 20))
        #expect(error.description.contains("\"500\" is not allowed (ASR_WORKER_THREADS); expected an integer in 1...64"))
    }

    @Test func structuralErrorIsReported() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let url = try ws.write("shape.yaml", "asr_memory_optimization:\n  memory_management: 12\n")
        let error = try #require(loadErrors(url).first)
        #expect(error.location?.line == 2)
        #expect(error.description.contains("expected a mapping of keys"))
    }

    @Test func yamlSyntaxErrorHasLineAndColumn() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let url = try ws.write("syntax.yaml", "asr_memory_optimization:\n  memory_management:\n    max_memory_mb: [1500\n")
        let error = try #require(loadErrors(url).first)
        #expect(error.location?.file == url.path)
        #expect((error.location?.line ?? 0) >= 3)
        #expect(error.description.contains("YAML syntax"))
    }

    @Test func unknownKeyIsAWarningWithSuggestionAndStrictFails() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let url = try ws.write(
            "typo.yaml",
            """
            asr_memory_optimization:
              memory_management:
                max_memroy_mb: 1500
            """
        )
        let config = try ConfigurationLoader.load(ConfigurationRequest(profileFiles: [url]))
        let warning = try #require(config.diagnostics.first { $0.key == "asr_memory_optimization.memory_management.max_memroy_mb" })
        #expect(warning.severity == .warning)
        #expect(warning.location == SourceLocation(file: url.path, line: 3, column: 5))
        #expect(warning.message.contains("did you mean 'max_memory_mb'"))
        #expect(loadErrors(url, strict: true).contains { $0.key == warning.key })
    }

    @Test func layersApplyInOrderAndExplainTheirSource() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let values = try ws.write("values.yaml", "environment:\n  ASR_QUEUE_SIZE: 70\n  ASR_BATCH_SIZE: 9\n")
        let config = try ws.load(preset: "high-load", values: [values], set: ["ASR_BATCH_SIZE=12"])
        // default < profile < preset < values < set
        #expect(config.entry("ASR_GC_INTERVAL")?.source.description.hasPrefix("profile ") == true)
        #expect(config.entry("ASR_REDIS_URL")?.source == .builtInDefault)
        #expect(config.typed.runtime.workerThreads == 6)
        if case .preset(let name, let location) = config.entry("ASR_WORKER_THREADS")?.source {
            #expect(name == "high-load")
            #expect(location.line == 8)
        } else {
            Issue.record("ASR_WORKER_THREADS should come from the preset")
        }
        #expect(config.typed.runtime.queueSize == 70)
        #expect(config.entry("ASR_QUEUE_SIZE")?.source.location?.file == values.path)
        #expect(config.typed.runtime.batchSize == 12)
        #expect(config.entry("ASR_BATCH_SIZE")?.source == .commandLine("ASR_BATCH_SIZE=12"))
    }

    @Test func setRejectsUnknownKeysAndBadValues() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        #expect(throws: ConfigurationError.self) { try ws.load(set: ["ASR_QUEUE_SIZ=3"]) }
        do {
            _ = try ws.load(set: ["ASR_CHUNK_SIZE=641"])
            Issue.record("odd chunk size accepted")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("a multiple of 2"))
        }
        do {
            _ = try ws.load(set: ["ASR_QUEUE_SIZ=3"])
        } catch let error as ConfigurationError {
            #expect(error.description.contains("did you mean ASR_QUEUE_SIZE"))
        }
    }

    @Test func memoryThresholdsOutOfOrderFail() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        do {
            _ = try ws.load(set: ["ASR_MAX_MEMORY_MB=1300"])
            Issue.record("critical 1400 above cap 1300 accepted")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("warning 1200 < critical 1400 < cap 1300"))
        }
    }

    @Test func crossChecksCatchTheGuidesMistakes() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        // The guide's high-load preset: 6 workers on a 3-CPU cpuset, and a memory estimate over the warning line.
        let highLoad = try ws.load(preset: "high-load")
        #expect(highLoad.diagnostics.contains { $0.key == "ASR_WORKER_THREADS" && $0.message.contains("6 decoder threads on 3 usable core(s)") })
        #expect(highLoad.diagnostics.contains { $0.key == "ASR_CACHE_SIZE_MB" && $0.message.contains("1324 MB") })
        // A cap at or above the container limit fails.
        #expect(throws: ConfigurationError.self) {
            try ws.load(set: ["container.memory_limit=1G", "ASR_MAX_MEMORY_MB=1500"])
        }
        // A cache that cannot fit under the cap fails.
        #expect(throws: ConfigurationError.self) { try ws.load(set: ["ASR_CACHE_SIZE_MB=2000"]) }
        // cpus above the cpuset is a warning.
        let cpus = try ws.load(set: ["container.cpus_limit=3.5"])
        #expect(cpus.diagnostics.contains { $0.key == "container.cpus_limit" })
        // Reservation above the limit fails.
        #expect(throws: ConfigurationError.self) { try ws.load(set: ["redis.memory_reservation=1G"]) }
    }

    @Test func redisAndDockerSizeUnitsDiffer() {
        #expect(ByteSize(parsing: "512m", dialect: .redis)?.bytes == 512_000_000)
        #expect(ByteSize(parsing: "512mb", dialect: .redis)?.bytes == 512 << 20)
        #expect(ByteSize(parsing: "512MB", dialect: .redis)?.text == "512mb")
        #expect(ByteSize(parsing: "768M", dialect: .docker)?.bytes == 768 << 20)
        #expect(ByteSize(parsing: "4G", dialect: .docker)?.bytes == 4 << 30)
        #expect(ByteSize(parsing: "4 lots", dialect: .docker) == nil)
    }
}
