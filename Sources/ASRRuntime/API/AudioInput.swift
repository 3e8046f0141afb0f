import Foundation

/// Turns what a client sent into 16 kHz mono PCM — in a buffer from the pool when
/// `ASR_ENABLE_MEMORY_POOL` is on — with errors that name the problem.
enum AudioInput {
    /// The most audio one request may carry (60 s), bounding memory per request.
    static let maxSeconds = 60
    static var maxPCMBytes: Int { maxSeconds * PCMAudio.sampleRate * 2 }

    /// The guide's JSON body: base64 s16le PCM at `sample_rate` (must be 16000).
    static func pcm(fromBase64 text: String, sampleRate: Int?, pool: AudioBufferPool) throws(APIError) -> PCMAudio {
        if let sampleRate, sampleRate != PCMAudio.sampleRate {
            throw .badRequest("sample_rate \(sampleRate) is not supported: send 16000 Hz mono signed 16-bit little-endian PCM", code: "bad_audio")
        }
        guard !text.isEmpty else { throw .badRequest("audio_data is empty", code: "bad_audio") }
        guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) ?? Data(base64Encoded: text + "==") else {
            throw .badRequest("audio_data is not valid base64", code: "bad_base64")
        }
        if WAVDecoder.looksLikeWAV(data) { return try wav(data, pool: pool) }
        return try raw(data, pool: pool)
    }

    /// A WAV file (RIFF/WAVE, PCM 16-bit mono 16 kHz).
    static func wav(_ bytes: some Collection<UInt8>, pool: AudioBufferPool) throws(APIError) -> PCMAudio {
        do {
            let audio = try WAVDecoder.decode(bytes, reusing: pool.acquire(samples: bytes.count / 2))
            try checkLength(audio.byteCount)
            return audio
        } catch let error as AudioFormatError {
            throw .badRequest("WAV: \(error)", code: "bad_audio")
        } catch let error as APIError {
            throw error
        } catch {
            throw .badRequest("WAV: \(error)", code: "bad_audio")
        }
    }

    /// Raw s16le PCM bytes.
    static func raw(_ bytes: some Collection<UInt8>, pool: AudioBufferPool) throws(APIError) -> PCMAudio {
        try checkLength(bytes.count)
        do {
            return try PCMAudio(s16le: bytes, reusing: pool.acquire(samples: bytes.count / 2))
        } catch {
            throw .badRequest("PCM: \(error)", code: "bad_audio")
        }
    }

    private static func checkLength(_ bytes: Int) throws(APIError) {
        guard bytes <= maxPCMBytes else {
            throw APIError(
                .contentTooLarge,
                code: "audio_too_long",
                "audio is \(bytes / (PCMAudio.sampleRate * 2)) s long; at most \(maxSeconds) s per request"
            )
        }
    }
}
