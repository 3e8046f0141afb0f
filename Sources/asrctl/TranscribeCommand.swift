import ASRContracts
import ASRDeploy
import ASRRuntime
import ArgumentParser
import Foundation

/// `asrctl transcribe FILE [--url URL] [--json]`: one file, through a runtime or in process.
struct TranscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcribe",
        abstract: "Recognise one WAV (16 kHz mono 16-bit) or raw s16le file.",
        discussion: "With --url, or when an embedded deployment runs, the file goes to its /asr/recognize; otherwise it is decoded in this process."
    )

    @OptionGroup var runDirectory: RunDirectoryOption

    @Argument(help: "The audio file.")
    var file: String

    @Option(help: "Runtime base URL to send the file to.")
    var url: String?

    @Flag(help: "Print JSON (text, confidence, seconds, where it was decoded).")
    var json = false

    func run() async throws {
        guard let bytes = FileManager.default.contents(atPath: file) else {
            StandardError.write("transcribe: cannot read \(file)")
            throw ExitCode(ExitCodes.operationFailed)
        }
        let started = ContinuousClock.now
        let text: String
        let confidence: Double
        let origin: String
        if let base = url ?? runDirectory.deployment.current()?.url, let baseURL = URL(string: base) {
            let isWAV = WAVDecoder.looksLikeWAV(bytes)
            let (status, body) = try await RuntimeClient(baseURL: baseURL, timeout: 120)
                .post("asr/recognize", body: bytes, contentType: isWAV ? "audio/wav" : "application/octet-stream")
            guard status == 200, let response = try? JSONDecoder().decode(RecognizeResponse.self, from: body) else {
                StandardError.write("transcribe: \(base) answered \(status): \(String(decoding: body, as: UTF8.self))")
                throw ExitCode(ExitCodes.operationFailed)
            }
            (text, confidence, origin) = (response.text, response.confidence, base)
        } else {
            let audio: PCMAudio
            do {
                audio = WAVDecoder.looksLikeWAV(bytes) ? try WAVDecoder.decode(bytes) : try PCMAudio(s16le: bytes)
            } catch {
                StandardError.write("transcribe: \(file): \(error)")
                throw ExitCode(ExitCodes.operationFailed)
            }
            let engine = PocketSphinxEngine(runtime: try RuntimeConfiguration(environment: ["ASR_WORKER_THREADS": "1"]))
            try await engine.start()
            let transcription = try await engine.recognize(audio)
            await engine.shutdown()
            (text, confidence, origin) = (transcription.text, transcription.confidence, "in process (\(engine.id))")
        }
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed.seconds
        if json {
            let object: [String: Any] = ["text": text, "confidence": confidence, "seconds": seconds, "decoded_by": origin]
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print(text)
        }
    }
}
