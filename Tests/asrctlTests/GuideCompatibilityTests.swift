import Foundation
import TestSupport
import Testing

/// End-to-end: a client written for the deployment guide works unchanged against the real
/// runtime, started from the shipped profiles.
@Suite(.runsProcesses) struct GuideCompatibilityTests {
    /// `Fixtures/simple_asr_test.py` (Python 3 standard library only) does what the guide's
    /// `simple_asr_test.py` does — /health, two identical /asr/recognize calls with the guide's
    /// JSON, /asr/stats — reading every field the guide's clients read; then a raw WAV body.
    @Test func guideStylePythonClientWorksUnchanged() throws {
        let runtime = try RuntimeProcess(environment: ["ASR_WORKER_THREADS": "1"], profiles: true)
        defer { runtime.stop() }
        let directory = try TemporaryDirectory("asrctl-guide")
        defer { directory.remove() }
        let audio = directory.file("goforward.raw")
        try SpeechFixtures.goForwardPCM().write(to: audio)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/simple_asr_test.py")

        let result = try ProcessRunner.run(
            "python3",
            [
                script.path, "http://127.0.0.1:\(runtime.port)", audio.path,
                SpeechFixtures.goForwardText,
            ]
        )
        print(result.stdout)
        #expect(result.status == 0, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let recognitions = lines.filter { $0.hasPrefix("recognize:") }
        #expect(recognitions.count == 2)
        #expect(recognitions.allSatisfy { $0.contains("text: go forward ten meters confidence:") })
        #expect(recognitions.first?.contains("cached: False") == true)
        #expect(recognitions.last?.contains("cached: True") == true)
        #expect(lines.contains { $0.hasPrefix("health: status: healthy service: asr") })
        #expect(lines.filter { $0.hasPrefix("stats: ") }.count == 17)
        #expect(lines.last == "OK")

        // The other form clients send: a raw `audio/wav` body.
        let response = try runtime.client.recognize(wav: try SpeechFixtures.wav("cards/001.wav"))
        #expect(response.status == 200)
        let body = try response.json()
        #expect(body["success"] as? Bool == true)
        #expect(body["text"] as? String == "ten of clubs")
        #expect(body["audio_size"] as? Int == 35_052)
    }
}
