import ASRDeploy
import ASRLoad
import ASRRuntime
import ArgumentParser
import Foundation
import Logging
import Synchronization

/// `asrctl test stress`: simulated xiaozhi devices streaming real speech in real time.
struct TestStressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress",
        abstract: "Simulate N xiaozhi devices streaming real recorded speech as 60 ms Opus frames, in real time.",
        discussion: """
            Each device connects to /xiaozhi/v1/, says hello, then speaks pocketsphinx-testdata utterances \
            (goforward, cards, librivox) frame by frame at real-time pace, waits for the stt, pauses \
            (--think) and speaks again until --duration is over. Reported: end-of-speech → stt latency \
            p50/p95/p99, utterances per second, word accuracy, refused/failed devices and utterances, \
            the runtime's RSS (sampled each second) and cache hit rate, and a verdict against the guide's \
            targets (p95 ≤ 0.24 s, service memory < 1500 MB).
            Exit codes: 0 every device admitted and every utterance answered (and, with --strict-targets, \
            the targets met); 1 otherwise; 3 the runtime did not answer or the corpus is missing.
            """
    )

    @OptionGroup var profile: ProfileOptions

    @Option(help: "Simulated devices (1…500).")
    var devices = 8

    @Option(help: "Seconds the devices keep starting utterances.")
    var duration = 20.0

    @Option(help: "Mean seconds between an answer and the device's next utterance (each pause 0.5×…1.5×).")
    var think = 3.0

    @Option(help: "How utterances end: manual (listen stop after the speech) or auto (the server's endpointer).")
    var mode: StressOptions.Mode = .manual

    @Option(name: .customLong("answer-timeout"), help: "Seconds a device waits for its stt before counting the utterance failed.")
    var answerTimeout = 10.0

    @Option(help: "Runtime base URL (default http://127.0.0.1:<ASR_PORT>).")
    var url: String?

    @Option(help: "Bearer token the devices send (default: the profile's first ASR_AUTH_TOKENS entry, if any).")
    var token: String?

    @Option(name: .customLong("protocol-version"), help: "Binary framing the devices use: 1 (bare Opus), 2 or 3 (headers).")
    var protocolVersion = 1

    @Option(help: "Seed for the devices' choices of utterance and pause.")
    var seed: UInt64 = 1

    @Flag(
        help:
            "A burst: every device says the same utterance (goforward, 2.8 s) once, all starting together; latency from each device's listen stop. --duration and --think do not apply."
    )
    var burst = false

    @Flag(help: "Print the report as JSON (progress still goes to standard error).")
    var json = false

    @Flag(name: .customLong("strict-targets"), help: "Also fail when a guide target (p95 ≤ 0.24 s, memory < 1500 MB) is missed.")
    var strictTargets = false

    func run() async throws {
        guard let framing = BinaryFraming(rawValue: protocolVersion) else {
            throw ValidationError("--protocol-version \(protocolVersion) is not one of 1, 2, 3")
        }
        let runtime = (try? profile.load())?.typed.runtime
        let port = runtime?.port ?? 8001
        guard let base = URL(string: url ?? "http://127.0.0.1:\(port)") else { throw ValidationError("--url is not a URL") }
        let options = StressOptions(
            devices: devices,
            durationSeconds: duration,
            thinkSeconds: think,
            mode: mode,
            baseURL: base,
            answerTimeoutSeconds: answerTimeout,
            token: token ?? runtime?.authTokens.first,
            framing: framing,
            seed: seed,
            burst: burst
        )
        let report: StressReport
        do {
            try options.validate()
            let corpus = try StressCorpus.load()
            let test = try StressTest(options: options, corpus: corpus)
            let progress = ProgressLine()
            report = try await test.run(progress: { progress.show($0.line) })
            progress.finish()
        } catch StressError.options(let message) {
            throw ValidationError(message)
        } catch let error as StressError {
            StandardError.write("asrctl test stress: \(error)")
            throw ExitCode(ExitCodes.operationFailed)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
        }
        if !report.verdict.allAnswered || (strictTargets && !report.verdict.passed) {
            throw ExitCode(ExitCodes.checkFailed)
        }
    }
}

extension StressOptions.Mode: ExpressibleByArgument {}
