import Foundation
import TestSupport
import Testing

/// End-to-end: the real binary, its output and exit codes.
@Suite(.runsProcesses) struct ConfigCommandsTests {
    @Test func validateShippedProfiles() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        let result = try cli.run("validate")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("valid"))
    }

    @Test func validateForkFilesListsNoEffectKeys() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        let files = ["asr_memory_optimized_4core_8gb.yaml", "asr_docker_optimized_4core_8gb.yaml", "docker-compose.yml"]
            .map { RepositoryPaths.forkReference.appendingPathComponent($0).path }
        let result = try cli.run(["validate"] + files)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "asr_memory_optimized_4core_8gb.yaml:65:17: no effect: asr_memory_optimization.cache_strategy.intelligent_caching.semantic_cache.enable"
            )
        )
        #expect(result.stderr.contains("docker-compose.yml:197:14: warning: redis.maxmemory"))
        #expect(result.stdout.split(separator: "\n").filter { $0.contains(": valid,") }.count == 3)
        // --strict turns the fork's warnings into a failure.
        #expect(try cli.run(["validate", "--strict"] + files).status == 2)
    }

    @Test func invalidProfileExitsTwoWithLocation() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        try "asr_memory_optimization:\n  memory_management:\n    max_memory_mb: 99999999\n"
            .write(to: cli.directory.file("bad.yaml"), atomically: true, encoding: .utf8)
        let result = try cli.run("validate", "bad.yaml")
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:3:20: error: asr_memory_optimization.memory_management.max_memory_mb"))
        #expect(result.stderr.contains("256...65536"))
        // The same value in a profile stops every command that loads the profiles.
        try FileManager.default.copyItem(at: cli.directory.file("bad.yaml"), to: cli.directory.file("profiles/zz.yaml"))
        #expect(try cli.run("render", "all").status == 2)
        #expect(!FileManager.default.fileExists(atPath: cli.directory.file("deploy").path))
    }

    @Test func tuneThenRenderUsesThePreset() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        let dry = try cli.run("tune", "--profile", "high-load", "--dry-run")
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("ASR_WORKER_THREADS: 4 → 6"))
        #expect(!FileManager.default.fileExists(atPath: cli.directory.file(".asrctl/state.json").path))

        #expect(try cli.run("tune", "--profile", "high-load").status == 0)
        #expect(try cli.read(".asrctl/state.json").contains("\"active_preset\" : \"high-load\""))
        let render = try cli.run("render", "all")
        #expect(render.status == 0, "\(render.stderr)")
        #expect(try cli.read("deploy/asr.env").contains("ASR_WORKER_THREADS=6"))
        #expect(try cli.read("deploy/docker-compose.yml").contains("preset: high-load"))

        let explain = try cli.run("config", "--explain")
        #expect(explain.stdout.contains("← preset high-load (profiles/presets/high-load.yaml:8:23)"))

        #expect(try cli.run("tune", "--reset").status == 0)
        #expect(try cli.run("render", "env").status == 0)
        #expect(try cli.read("deploy/asr.env").contains("ASR_WORKER_THREADS=4"))
    }

    @Test func tuneAutoSaysWhy() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        let result = try cli.run("tune", "--auto", "--devices", "22", "--host-memory-mb", "8192", "--dry-run")
        #expect(result.status == 0)
        #expect(result.stdout.contains("auto: high-load — 22 devices ≥ 16"))
        #expect(try cli.run("tune", "--auto").status != 0)
    }

    /// In front of an engine service: tune weighs the host's memory for this deployment, leaves
    /// the decoder settings alone, and says so; config --explain shows what was derived; and the
    /// embedded deployment, which cannot run the engine, refuses before it starts anything.
    @Test func anEngineServiceShapesTuneExplainAndDeploy() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        let example = ["--values", "profiles/examples/speaches-engine.yaml"]
        let auto = try cli.run(["tune", "--auto", "--devices", "22", "--host-memory-mb", "16384", "--dry-run"] + example)
        #expect(auto.status == 0, "\(auto.stderr)")
        #expect(auto.stdout.contains("auto: high-load — 22 devices ≥ 16, host memory 16384 MB − 3072 MB for the engine service"), "\(auto.stdout)")
        #expect(auto.stdout.contains("preset high-load sets ASR_WORKER_THREADS=6, not applied"), "\(auto.stdout)")
        #expect(!auto.stdout.contains("ASR_WORKER_THREADS: 4 → 6"))

        let explain = try cli.run(["config", "--explain"] + example)
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("← derived from engine_service.image ghcr.io/speaches-ai/speaches:latest-cpu on engine_service.port 8000"))
        #expect(explain.stdout.contains("← derived from engine_service.cpus_limit 2"))

        let deploy = try cli.run(["deploy", "--embedded"] + example)
        #expect(deploy.status == 2, "\(deploy.stdout)\(deploy.stderr)")
        #expect(deploy.stderr.contains("only Docker Compose runs"), "\(deploy.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.directory.file("deploy/docker-compose.yml").path))
    }

    @Test func configJSONParses() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        let result = try cli.run("config", "--json", "--set", "ASR_QUEUE_SIZE=7")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let settings = object?["settings"] as? [[String: String]] ?? []
        #expect(settings.first { $0["setting"] == "ASR_QUEUE_SIZE" }?["value"] == "7")
        #expect(settings.first { $0["setting"] == "ASR_QUEUE_SIZE" }?["source"] == "--set ASR_QUEUE_SIZE=7")
    }

    @Test func renderToStandardOutput() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        let result = try cli.run("render", "redis", "-o", "-")
        #expect(
            result.stdout
                == "redis-server --maxmemory 512mb --maxmemory-policy allkeys-lru --hash-max-ziplist-entries 512 --hash-max-ziplist-value 64 --list-max-ziplist-size -2 --set-max-intset-entries 512\n"
        )
    }
}
