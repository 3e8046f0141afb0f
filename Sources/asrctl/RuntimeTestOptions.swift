import ASRDeploy
import ASRLoad
import ArgumentParser
import Foundation

/// Options shared by `asrctl test quick` and `asrctl test simple`, and the run they share.
struct RuntimeTestOptions: ParsableArguments {
    @Option(help: "Runtime base URL (default http://127.0.0.1:<ASR_PORT>).")
    var url: String?

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(name: .customLong("strict-targets"), help: "Also fail when a guide target (0.24 s, 0.01 s, 1500 MB) is missed.")
    var strictTargets = false

    /// Runs the checks, prints them, and exits 1 when one failed.
    func run(simple: Bool, profile: ProfileOptions) async throws {
        let port = (try? profile.load())?.typed.runtime.port ?? 8001
        guard let base = URL(string: url ?? "http://127.0.0.1:\(port)") else { throw ValidationError("--url is not a URL") }
        let checks = await RuntimeSmokeTest(client: RuntimeClient(baseURL: base, timeout: 60)).run(simple: simple)
        let failed = checks.filter { !$0.passed && (!$0.isTarget || strictTargets) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let payload = ["url": base.absoluteString, "passed": failed.isEmpty ? "true" : "false"]
            print(String(decoding: try encoder.encode(payload), as: UTF8.self))
            print(String(decoding: try encoder.encode(checks), as: UTF8.self))
        } else {
            print("asrctl test \(simple ? "simple" : "quick") — \(base.absoluteString)")
            for check in checks {
                let mark = check.passed ? (check.isTarget ? "MET " : "PASS") : (check.isTarget ? "MISS" : "FAIL")
                print("\(mark)  \(check.name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(check.detail)")
            }
            let targets = checks.filter(\.isTarget)
            print(
                "\n\(checks.filter { !$0.isTarget && $0.passed }.count)/\(checks.filter { !$0.isTarget }.count) checks passed; "
                    + "\(targets.filter(\.passed).count)/\(targets.count) guide targets met"
            )
        }
        if !failed.isEmpty { throw ExitCode(ExitCodes.checkFailed) }
    }
}
