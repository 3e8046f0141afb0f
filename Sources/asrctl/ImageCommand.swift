import ArgumentParser

/// `asrctl image build`: the container images a Compose deployment runs, built on this host.
struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Build the images a Compose deployment runs, on this host, without a registry.",
        subcommands: [ImageBuildCommand.self]
    )
}
