import Foundation

/// What one `asrctl bench` run measures and where it writes.
public struct BenchmarkOptions: Sendable {
    /// BENCHMARKS.md goes here; JSON and SVG under `bench/results/` below it.
    public var outputDirectory: URL
    public var quick: Bool
    /// The sections to run, in order.
    public var sections: [BenchmarkSection]
    /// The asrctl binary launched as `asrctl serve` (this one).
    public var executable: URL
    /// Decoder threads W for the service sections (default: the machine's cores).
    public var workers: Int
    /// Highest N of the engine ceiling (default: the machine's cores).
    public var maxDecoders: Int
    /// `bench/peers/pocketsphinx_peer.py`.
    public var peerScript: URL
    /// Debian's interpreter, which sees python3-pocketsphinx.
    public var python: URL
    /// `.engines/` of `make engines-check`: its venv runs faster-whisper for §8 when present.
    public var enginesDirectory: URL
    /// `bench/peers/whisper_server.py`.
    public var whisperServer: URL
    /// The command line, for the record.
    public var command: String
    /// `release` or `debug`.
    public var buildConfiguration: String
    public var corpusDirectory: URL

    package init(
        outputDirectory: URL,
        quick: Bool,
        sections: [BenchmarkSection],
        executable: URL,
        workers: Int,
        maxDecoders: Int,
        peerScript: URL,
        python: URL = URL(fileURLWithPath: "/usr/bin/python3"),
        enginesDirectory: URL,
        whisperServer: URL,
        command: String,
        buildConfiguration: String,
        corpusDirectory: URL = SpeechCorpus.defaultDirectory
    ) {
        self.outputDirectory = outputDirectory
        self.quick = quick
        self.sections = sections
        self.executable = executable
        self.workers = workers
        self.maxDecoders = maxDecoders
        self.peerScript = peerScript
        self.python = python
        self.enginesDirectory = enginesDirectory
        self.whisperServer = whisperServer
        self.command = command
        self.buildConfiguration = buildConfiguration
        self.corpusDirectory = corpusDirectory
    }

    package var budget: BenchmarkBudget { quick ? .quick : .full }

    /// `bench/results/` under the output directory.
    public var resultsDirectory: URL {
        outputDirectory.appendingPathComponent("bench", isDirectory: true).appendingPathComponent("results", isDirectory: true)
    }
}
