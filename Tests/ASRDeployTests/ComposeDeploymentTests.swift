import ASRDeploy
import Foundation
import TestSupport
import Testing

@Suite struct ComposeDeploymentTests {
    @Test func composeCommandsKeepTheGuidesLimits() {
        let directory = URL(fileURLWithPath: "/srv/asr/deploy")
        let v1 = ComposeDeployment(kind: .binary, directory: directory).command(["up", "-d"])
        #expect(v1 == ["docker-compose", "--compatibility", "-f", "/srv/asr/deploy/docker-compose.yml", "-p", "asrctl", "up", "-d"])
        let v2 = ComposeDeployment(kind: .plugin, directory: directory).command(["down"])
        #expect(v2 == ["docker", "compose", "-f", "/srv/asr/deploy/docker-compose.yml", "-p", "asrctl", "down"])
    }

    @Test func dryRunDiffShowsWhatAPresetChanges() throws {
        let ws = try TestWorkspace()
        defer { ws.directory.remove() }
        let deployed = ws.directory.file("deploy")
        _ = try RenderWriter.write(try Renderer.render(.all, ws.load()), to: deployed, workspace: ws.workspace)

        let same = try DeploymentDiff(rendered: try Renderer.render(.all, ws.load()), deployedDirectory: deployed)
        #expect(!same.hasDifferences)

        let tuned = try DeploymentDiff(rendered: try Renderer.render(.all, ws.load(preset: "high-load")), deployedDirectory: deployed)
        #expect(tuned.hasDifferences)
        let env = try #require(tuned.files.first { $0.name == "asr.env" }?.unifiedDiff)
        #expect(env.contains("-ASR_WORKER_THREADS=4"))
        #expect(env.contains("+ASR_WORKER_THREADS=6"))
        #expect(env.contains("--- deployed/asr.env"))
        #expect(tuned.files.first { $0.name == "redis-server.args" }?.unifiedDiff == nil)

        // Nothing deployed yet: every file is new.
        let fresh = try DeploymentDiff(rendered: try Renderer.render(.all, ws.load()), deployedDirectory: ws.directory.file("nowhere"))
        #expect(fresh.files.allSatisfy { $0.unifiedDiff?.contains("+++ rendered/") == true })
    }
}
