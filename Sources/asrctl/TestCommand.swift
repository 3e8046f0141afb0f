import ArgumentParser

/// `asrctl test quick|simple`: the guide's test scripts, on real speech.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Check a running runtime on real speech (the guide's quick and simple tests).",
        subcommands: [TestQuickCommand.self, TestSimpleCommand.self])
}
