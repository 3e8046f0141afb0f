import ASRRuntime
import Foundation

/// Real recorded speech from Debian's `pocketsphinx-testdata`, as the bytes a client sends.
enum SpeechFixtures {
    static let directory = URL(fileURLWithPath: "/usr/share/pocketsphinx/test/data", isDirectory: true)

    /// "go forward ten meters": 2.8 s of raw 16 kHz s16le mono PCM.
    static let goForwardText = "go forward ten meters"

    static func goForwardPCM() throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent("goforward.raw"))
    }

    /// A WAV file of the corpus, e.g. `cards/001.wav`.
    static func wav(_ path: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(path))
    }

    /// The five librivox sentences (3–7 s each, ~1 s to decode), as raw PCM, in file order.
    static func librivoxPCM() throws -> [(id: String, pcm: Data)] {
        let folder = directory.appendingPathComponent("librivox")
        return try ["0870", "0880", "0890", "0920", "0930"].map { number in
            let id = "sense_and_sensibility_01_austen_64kb-\(number)"
            let audio = try WAVDecoder.decode(try Data(contentsOf: folder.appendingPathComponent(id + ".wav")))
            return (id, pcm(audio.samples))
        }
    }

    static func pcm(_ samples: [Int16]) -> Data {
        var data = Data(capacity: samples.count * 2)
        for sample in samples {
            data.append(UInt8(truncatingIfNeeded: UInt16(bitPattern: sample)))
            data.append(UInt8(truncatingIfNeeded: UInt16(bitPattern: sample) >> 8))
        }
        return data
    }

    static func samples(_ pcm: Data) -> [Int16] {
        stride(from: pcm.startIndex, to: pcm.endIndex - 1, by: 2).map {
            Int16(bitPattern: UInt16(pcm[$0]) | UInt16(pcm[$0 + 1]) << 8)
        }
    }

    /// `pcm` with one sample of its first 50 ms nudged by one step, so its cache key differs
    /// (`n` = 1, 2, ... give distinct keys) while the speech is unchanged to any ear or
    /// decoder. `n` = 0 is `pcm` itself.
    static func variant(_ pcm: Data, _ n: Int) -> Data {
        guard n > 0 else { return pcm }
        precondition(n < 800, "variants nudge one of the first 800 samples")
        var copy = pcm
        let index = copy.startIndex + 2 * (n - 1)
        let sample = Int16(bitPattern: UInt16(copy[index]) | UInt16(copy[index + 1]) << 8)
        let nudged = UInt16(bitPattern: sample == .max ? sample - 1 : sample + 1)
        copy[index] = UInt8(truncatingIfNeeded: nudged)
        copy[index + 1] = UInt8(truncatingIfNeeded: nudged >> 8)
        return copy
    }

    /// The L2 key the runtime writes for `pcm`: `<prefix>:<sha256(engine, language, PCM)>`.
    static func redisKey(prefix: String, engineID: String, language: String, pcm: Data) -> String {
        "\(prefix):\(CacheKey(engineID: engineID, language: language, samples: samples(pcm)).digest)"
    }
}
