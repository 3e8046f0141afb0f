import ArgumentParser

/// `asrctl test quick|simple|stress`: the guide's test scripts and the device simulator, on real speech.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Check a running runtime on real speech (the guide's quick and simple tests, the device stress test).",
        subcommands: [TestQuickCommand.self, TestSimpleCommand.self, TestStressCommand.self]
    )
}
