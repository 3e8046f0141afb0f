import ASRContracts
import ASRDeploy
import Foundation
import TestSupport
import Testing

@Suite struct TuneTests {
    @Test func planShowsOldAndNewValues() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let plan = try TunePlan.make(workspace: ws.workspace, to: "high-load")
        #expect(plan.fromPreset == nil)
        #expect(plan.toPreset == "high-load")
        #expect(
            plan.changes.map(\.line) == [
                "ASR_MAX_CONCURRENT: 20 → 25",
                "ASR_WORKER_THREADS: 4 → 6",
                "ASR_BATCH_SIZE: 8 → 10",
                "ASR_CACHE_SIZE_MB: 512 → 768",
                "ASR_SEARCH_LEVEL: balanced → fast",
            ]
        )
        #expect(plan.warnings.contains { $0.key == "ASR_WORKER_THREADS" })
    }

    @Test func applyRecordsThePresetAndKeepsTheOldState() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let first = try TunePlan.make(workspace: ws.workspace, to: "memory-tight")
        #expect(try Tuner.apply(first, workspace: ws.workspace, reason: "test") == nil)
        #expect(try ws.workspace.loadState().activePreset == "memory-tight")

        // The next plan starts from the recorded preset, and the previous state file is kept.
        let second = try TunePlan.make(workspace: ws.workspace, to: "network-latency")
        #expect(second.fromPreset == "memory-tight")
        #expect(second.changes.contains { $0.line == "ASR_MAX_MEMORY_MB: 1200 → 1500" })
        #expect(second.changes.contains { $0.line == "ASR_CHUNK_SIZE: 640 → 320" })
        let backup = try #require(try Tuner.apply(second, workspace: ws.workspace, reason: "test"))
        let previous = try JSONDecoder.iso8601.decode(DeploymentState.self, from: Data(contentsOf: backup))
        #expect(previous.activePreset == "memory-tight")
        let state = try ws.workspace.loadState()
        #expect(state.activePreset == "network-latency")
        #expect(state.history.map(\.to) == ["memory-tight", "network-latency"])
        // The profiles themselves are untouched.
        let original = try String(contentsOf: RepositoryPaths.profiles.appendingPathComponent("asr_memory_optimized_4core_8gb.yaml"), encoding: .utf8)
        #expect(
            try String(contentsOf: ws.workspace.profilesDirectory.appendingPathComponent("asr_memory_optimized_4core_8gb.yaml"), encoding: .utf8)
                == original
        )
    }

    @Test func userOverridesSurviveAPreset() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let plan = try TunePlan.make(workspace: ws.workspace, to: "high-load", overrides: ["ASR_WORKER_THREADS=3"])
        #expect(!plan.changes.contains { $0.id == "ASR_WORKER_THREADS" })
    }

    @Test func unknownPresetListsTheKnownOnes() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        do {
            _ = try TunePlan.make(workspace: ws.workspace, to: "turbo")
            Issue.record("unknown preset accepted")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("high-load, low-load, memory-tight, network-latency"))
        }
    }

    @Test(
        arguments: [
            (20, 8192, "high-load"), (16, 16384, "high-load"), (5, 8192, "low-load"),
            (12, 8192, nil), (20, 4096, "memory-tight"), (5, 7000, "memory-tight"),
        ] as [(Int, Int, String?)]
    )
    func autoPicksFromDevicesAndMemory(devices: Int, memoryMB: Int, expected: String?) throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let choice = Tuner.autoSelect(devices: devices, hostMemoryMB: memoryMB, configuration: try ws.load().typed, workspace: ws.workspace)
        #expect(choice.preset == expected, "\(choice.reason)")
        #expect(!choice.reason.isEmpty)
    }

    /// High load picks the fast search; an operator who wants today's search back says so in a
    /// profile (`engine.pocketsphinx.search_level`) or with `--set`, and that wins over the preset.
    @Test func highLoadPicksTheFastSearchUnlessTheOperatorChoseOne() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        #expect(try ws.load().typed.runtime.searchLevel == .balanced)
        let highLoad = try ws.load(preset: "high-load")
        #expect(highLoad.typed.runtime.searchLevel == .fast)
        #expect(highLoad.entry("ASR_SEARCH_LEVEL")?.source.description.contains("high-load") == true)
        let values = try ws.write("search.yaml", "engine:\n  pocketsphinx:\n    search_level: accurate\n")
        let chosen = try ws.load(preset: "high-load", values: [values])
        #expect(chosen.typed.runtime.searchLevel == .accurate)
        #expect(chosen.entry("ASR_SEARCH_LEVEL")?.source.location == SourceLocation(file: values.path, line: 3, column: 19))
        #expect(try ws.load(preset: "high-load", set: ["ASR_SEARCH_LEVEL=balanced"]).typed.runtime.searchLevel == .balanced)
        #expect(throws: ConfigurationError.self) { try ws.load(set: ["ASR_SEARCH_LEVEL=fastest"]) }
    }

    // MARK: - An upstream engine

    static let upstreamOnly = ["ASR_ENGINE=upstream", "ASR_UPSTREAM_URL=http://funasr:8000", "ASR_UPSTREAM_MODEL=paraformer-zh"]

    /// High load means more requests open and a larger cache for any engine, but more decoder
    /// threads and larger batches only where PocketSphinx decodes: with every request going to
    /// the upstream the preset leaves them as the profile has them, and says so.
    @Test func highLoadRaisesNoDecoderSettingsWhenEveryRequestGoesUpstream() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let plan = try TunePlan.make(workspace: ws.workspace, to: "high-load", overrides: Self.upstreamOnly)
        #expect(plan.changes.map(\.line) == ["ASR_MAX_CONCURRENT: 20 → 25", "ASR_CACHE_SIZE_MB: 512 → 768"])
        #expect(plan.notApplied.map(\.key) == ["ASR_BATCH_SIZE", "ASR_SEARCH_LEVEL", "ASR_WORKER_THREADS"])
        #expect(plan.notApplied.allSatisfy { $0.location?.file.hasSuffix("high-load.yaml") == true })
        #expect(plan.notApplied.first?.message.contains("no request goes to pocketsphinx") == true)
        #expect(plan.warnings.isEmpty, "\(plan.warnings)")
        // The decoder settings keep the profile's values, and say where they come from.
        let config = try ws.load(preset: "high-load", set: Self.upstreamOnly)
        #expect(config.typed.runtime.workerThreads == 4)
        #expect(config.entry("ASR_WORKER_THREADS")?.source.location?.file.hasSuffix("asr_memory_optimized_4core_8gb.yaml") == true)

        // Once a language goes to PocketSphinx, the preset's decoder settings apply again.
        let mixed = try TunePlan.make(
            workspace: ws.workspace,
            to: "high-load",
            overrides: Self.upstreamOnly + ["ASR_ENGINE_ROUTES=en=pocketsphinx,*=upstream"]
        )
        #expect(mixed.changes.contains { $0.line == "ASR_WORKER_THREADS: 4 → 6" })
        #expect(mixed.notApplied.isEmpty)
    }

    /// The same rule the other way: a preset's upstream setting is not applied while no request
    /// goes to the upstream; the operator's own values are never touched.
    @Test func aPresetsUpstreamSettingAppliesOnlyWhereAnUpstreamServes() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let preset = ws.workspace.profilesDirectory.appendingPathComponent("presets/engine-bound.yaml")
        try "environment:\n  ASR_UPSTREAM_MAX_IN_FLIGHT: 6\n  ASR_WORKER_THREADS: 2\n".write(to: preset, atomically: true, encoding: .utf8)
        let local = try ws.load(preset: "engine-bound")
        #expect(local.typed.runtime.upstreamMaxInFlight == 0)
        #expect(local.typed.runtime.workerThreads == 2)
        let upstream = try ws.load(preset: "engine-bound", set: Self.upstreamOnly)
        #expect(upstream.typed.runtime.upstreamMaxInFlight == 6)
        #expect(upstream.typed.runtime.workerThreads == 4)
        let chosen = try ws.load(preset: "engine-bound", set: Self.upstreamOnly + ["ASR_WORKER_THREADS=3"])
        #expect(chosen.typed.runtime.workerThreads == 3)
    }

    /// The memory-tight threshold is sized for a runtime that loads its decoders: one that loads
    /// none has their memory to spare, so a host just under the threshold is not tight for it.
    @Test func autoCountsNoDecoderMemoryForAnUpstreamOnlyRuntime() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let local = Tuner.autoSelect(devices: 20, hostMemoryMB: 7500, configuration: try ws.load().typed, workspace: ws.workspace)
        #expect(local.preset == "memory-tight", "\(local.reason)")
        let upstream = try ws.load(set: Self.upstreamOnly).typed
        let choice = Tuner.autoSelect(devices: 20, hostMemoryMB: 7500, configuration: upstream, workspace: ws.workspace)
        #expect(choice.preset == "high-load", "\(choice.reason)")
        #expect(choice.reason.contains("7500 MB + 336 MB of decoders not loaded"), "\(choice.reason)")
    }

    /// An engine service shares the host: its memory limit is memory the runtime cannot have.
    @Test func autoTakesTheEngineServiceOffTheHostsMemory() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let withEngine = try ws.load(values: [EngineServiceLoadingTests.example]).typed
        let choice = Tuner.autoSelect(devices: 20, hostMemoryMB: 8192, configuration: withEngine, workspace: ws.workspace)
        #expect(choice.preset == "memory-tight", "\(choice.reason)")
        #expect(choice.reason.contains("8192 MB − 3072 MB for the engine service + 336 MB of decoders not loaded"), "\(choice.reason)")
        let roomy = Tuner.autoSelect(devices: 20, hostMemoryMB: 16384, configuration: withEngine, workspace: ws.workspace)
        #expect(roomy.preset == "high-load", "\(roomy.reason)")
    }

    /// The engine service's concurrency is the engine's, not the load's: a preset that admits
    /// more requests leaves the requests in flight to the engine at two per engine CPU.
    @Test func aLoadPresetLeavesTheEngineServicesInFlightLimit() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let plan = try TunePlan.make(workspace: ws.workspace, to: "high-load", valuesFiles: [EngineServiceLoadingTests.example])
        #expect(plan.changes.map(\.line) == ["ASR_MAX_CONCURRENT: 20 → 25", "ASR_CACHE_SIZE_MB: 512 → 768"])
        #expect(try ws.load(preset: "high-load", values: [EngineServiceLoadingTests.example]).typed.runtime.upstreamMaxInFlight == 4)
        let low = try ws.load(preset: "low-load", values: [EngineServiceLoadingTests.example], set: ["ASR_MAX_CONCURRENT=3"])
        #expect(low.typed.runtime.upstreamMaxInFlight == 3)
    }
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
