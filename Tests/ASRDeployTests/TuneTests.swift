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
        let choice = Tuner.autoSelect(devices: devices, hostMemoryMB: memoryMB, workspace: ws.workspace)
        #expect(choice.preset == expected, "\(choice.reason)")
        #expect(!choice.reason.isEmpty)
    }
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
