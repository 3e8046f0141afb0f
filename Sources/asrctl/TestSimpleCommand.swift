import ArgumentParser

/// `asrctl test simple`: the quick checks plus the recorded-speech corpus and stats consistency.
struct TestSimpleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simple",
        abstract: "The quick checks plus word error rate over cards + librivox, stats consistency and memory.",
        discussion: "Exit codes: 0 every check passed, 1 a check failed (or a target was missed with --strict-targets)."
    )

    @OptionGroup var profile: ProfileOptions
    @OptionGroup var test: RuntimeTestOptions

    func run() async throws {
        try await test.run(simple: true, profile: profile)
    }
}
