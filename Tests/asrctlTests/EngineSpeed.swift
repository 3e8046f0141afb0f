import Foundation
import TestSupport

/// How fast a runtime decodes on this machine now, measured inside the test that needs it:
/// wall seconds of one uncached recognition per second of its audio, with whatever else the
/// suite runs beside it. These machines differ ×3.5 in speed from day to day; a test sizes
/// its load and derives its deadlines from this figure, so it states behaviour, not speed.
struct EngineSpeed {
    /// Wall seconds per audio second (0.2 on a quiet day here, 0.74 on a slow one).
    let secondsPerAudioSecond: Double

    /// Decodes a librivox sentence (with a fresh cache key) through `runtime` and times it.
    static func measure(_ runtime: RuntimeProcess) throws -> EngineSpeed {
        let sentence = try SpeechFixtures.librivoxPCM()[2].pcm
        let pcm = SpeechFixtures.variant(sentence, Int.random(in: 100..<800))
        let started = Date()
        let response = try HTTPClient(port: runtime.port, timeout: 600).recognize(pcm: pcm)
        let elapsed = Date().timeIntervalSince(started)
        guard response.status == 200 else {
            throw HTTPClientError.malformed("measuring the engine: HTTP \(response.status) \(response.text)")
        }
        let speed = EngineSpeed(secondsPerAudioSecond: max(0.05, elapsed / (Double(pcm.count) / 32_000)))
        print("engine speed now: \(String(format: "%.2f", speed.secondsPerAudioSecond)) s per audio s")
        return speed
    }

    /// Seconds to decode `audioSeconds` of speech at this speed.
    func seconds(toDecode audioSeconds: Double) -> Double {
        audioSeconds * secondsPerAudioSecond
    }
}
