import ArgumentParser

/// `asrctl test quick`: health, stats, one recognition, a cache hit, 10 concurrent requests.
struct TestQuickCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quick",
        abstract: "Health, stats, one recognition with its expected text, the cache hit, 10 concurrent requests.",
        discussion: "Exit codes: 0 every check passed, 1 a check failed (or a target was missed with --strict-targets)."
    )

    @OptionGroup var profile: ProfileOptions
    @OptionGroup var test: RuntimeTestOptions

    func run() async throws {
        try await test.run(simple: false, profile: profile)
    }
}
