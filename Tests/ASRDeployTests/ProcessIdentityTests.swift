import ASRDeploy
import Foundation
import TestSupport
import Testing

/// Pid reuse: `stop` signals the deployment's processes, never a process that inherited their pid.
@Suite(.ownThreads) struct ProcessIdentityTests {
    private func sleeper() throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["60"]
        try process.run()
        return process
    }

    /// SIGKILL: children of Foundation's Process inherit the test process's blocked SIGTERM.
    private func stop(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    @Test func identityIsPidPlusStartTime() throws {
        let process = try sleeper()
        defer { stop(process) }
        let identity = try #require(ProcessIdentity.of(process.processIdentifier))
        #expect(identity.startTicks != nil)
        #expect(identity.isRunning)
        #expect(!identity.wasReplaced)
        let impostor = ProcessIdentity(pid: identity.pid, startTicks: identity.startTicks! &- 1)
        #expect(!impostor.isRunning)
        #expect(impostor.wasReplaced)
        #expect(ProcessIdentity.of(Int32.max) == nil)
    }

    @Test func stopLeavesAProcessThatReusedTheDeploymentsPidAlone() throws {
        let directory = try TemporaryDirectory("asrctl-identity")
        defer { directory.remove() }
        let process = try sleeper()
        defer { stop(process) }
        let identity = try #require(ProcessIdentity.of(process.processIdentifier))
        // A record of a runtime that "started earlier" under the pid the sleeper has now.
        let record = """
            {"runtime_pid": \(identity.pid), "runtime_start_ticks": \(identity.startTicks! - 1),
             "url": "http://127.0.0.1:1", "started_at": "2026-11-29T00:00:00Z", "runtime_log": "x"}
            """
        try record.write(to: directory.file("deployment.json"), atomically: true, encoding: .utf8)
        let deployment = EmbeddedDeployment(runDirectory: directory.url)
        #expect(deployment.current() == nil)
        let stopped = deployment.stop(grace: 1)
        #expect(stopped == ["runtime pid \(identity.pid): already gone; the pid now belongs to another process, left alone"])
        #expect(process.isRunning)
    }
}
