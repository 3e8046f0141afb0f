import Foundation
import TestSupport
import Testing

/// The embedded deployment end to end: deploy → status → transcribe → stop, with real
/// processes (redis-server and `asrctl serve`) on free loopback ports.
@Suite(.runsProcesses, .serialized) struct DeployCommandTests {
    @Test func deployStatusTranscribeStop() throws {
        let cli = try CLI()
        defer {
            _ = try? cli.run("stop")
            cli.directory.remove()
        }
        let port = FreePort.next()
        let funASRPort = FreePort.next()
        let redisPort = FreePort.next()
        let deploy = try cli.run(
            "deploy",
            "--embedded",
            "--redis-port",
            String(redisPort),
            "--set",
            "ASR_PORT=\(port)",
            "--set",
            "ASR_FUNASR_PORT=\(funASRPort)",
            "--set",
            "ASR_WORKER_THREADS=1"
        )
        #expect(deploy.status == 0, "\(deploy.stdout)\(deploy.stderr)")
        #expect(deploy.stdout.contains("http://127.0.0.1:\(port)"))
        #expect(FileManager.default.fileExists(atPath: cli.directory.file("deploy/docker-compose.yml").path))
        #expect(FileManager.default.fileExists(atPath: cli.directory.file("run/asr-runtime.pid").path))

        let status = try cli.run("status", "--json")
        #expect(status.status == 0, "\(status.stdout)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(object["healthy"] as? Bool == true)
        #expect(object["redis_alive"] as? Bool == true)
        #expect((object["health"] as? [String: Any])?["redis"] as? String == "connected")

        let transcribe = try cli.run("transcribe", "/usr/share/pocketsphinx/test/data/goforward.raw", "--json")
        #expect(transcribe.stdout.contains("\"text\":\"go forward ten meters\""))
        #expect(transcribe.stdout.contains("127.0.0.1:\(port)"))
        // The result reached the deployment's Redis under the profile's key prefix.
        let keys = try ProcessRunner.run("redis-cli", ["-p", String(redisPort), "--scan", "--pattern", "asr_4c8g:*"]).stdout
        #expect(keys.split(separator: "\n").count == 1)

        // A second deploy while running is refused, clearly.
        let again = try cli.run("deploy", "--embedded", "--redis-port", String(redisPort), "--set", "ASR_PORT=\(port)", "--set", "ASR_FUNASR_PORT=0")
        #expect(again.status == 3)
        #expect(again.stderr.contains("already running"))

        let stop = try cli.run("stop")
        #expect(stop.stdout.contains("runtime pid"))
        #expect(stop.stdout.contains("stopped (SIGTERM)"))
        #expect(!FileManager.default.fileExists(atPath: cli.directory.file("run/asr-runtime.pid").path))
        #expect(try cli.run("status").status == 1)
        let second = try cli.run("stop")
        #expect(second.status == 0)
        #expect(second.stdout.contains("nothing was running"))
    }

    /// A runtime that dies while deploy waits for its health (here: no acoustic model) fails
    /// the deploy at once with the runtime's own reason, and leaves nothing running.
    @Test func aRuntimeThatExitsFailsTheDeployAtOnceWithItsReason() throws {
        let cli = try CLI()
        defer {
            _ = try? cli.run("stop")
            cli.directory.remove()
        }
        let started = Date()
        let deploy = try cli.run(
            "deploy",
            "--embedded",
            "--redis-port",
            String(FreePort.next()),
            "--set",
            "ASR_PORT=\(FreePort.next())",
            "--set",
            "ASR_FUNASR_PORT=0",
            "--set",
            "ASR_MODEL_DIR=/nonexistent"
        )
        #expect(deploy.status == 3, "exit 3: the operation failed; \(deploy.stdout)\(deploy.stderr)")
        #expect(deploy.stderr.contains("the ASR runtime exited before it was healthy"), "\(deploy.stderr)")
        #expect(deploy.stderr.contains("acoustic model not found at /nonexistent"), "\(deploy.stderr)")
        #expect(Date().timeIntervalSince(started) < 50, "deploy waited for the health timeout (60 s)")
        #expect(!FileManager.default.fileExists(atPath: cli.directory.file("run/asr-runtime.pid").path))
        #expect(try cli.run("status").status == 1)
    }

    @Test func dryRunShowsTheDiffAgainstTheDeployedFiles() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        #expect(try cli.run("render", "all").status == 0)
        #expect(try cli.run("deploy", "--dry-run").status == 0)
        let tuned = try cli.run("deploy", "--dry-run", "--preset", "high-load")
        #expect(tuned.status == 1)
        #expect(tuned.stdout.contains("+ASR_WORKER_THREADS=6"))
    }

    @Test func transcribeInProcessWithoutAServer() throws {
        let cli = try CLI()
        defer { cli.directory.remove() }
        let result = try cli.run("transcribe", "/usr/share/pocketsphinx/test/data/cards/001.wav")
        #expect(result.status == 0)
        #expect(result.stdout == "ten of clubs\n")
        let missing = try cli.run("transcribe", "/nonexistent.wav")
        #expect(missing.status == 3)
    }
}
