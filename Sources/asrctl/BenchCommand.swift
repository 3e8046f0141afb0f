import ASRDeploy
import ASRLoad
import ArgumentParser
import Foundation

/// `asrctl bench`: the measured capacity of the runtime, beside the raw engine and the Python
/// peer, written to BENCHMARKS.md and bench/results/.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Measure the engine ceiling, the service, caches, memory, settings, the Python peer, upstream engines and search levels; write BENCHMARKS.md.",
        discussion: """
            Sections (--only takes names or numbers, comma-separated or repeated): 1 engine (N decoders in one process), \
            2 service (closed-loop /asr/recognize at 1, W, 2W, 4W clients, distinct audio), 3 cache (L1 and Redis L2 hits \
            over HTTP), 4 streaming (device simulator; pending), 5 memory (RSS idle / saturated / 4× overload, 503 latency), \
            6 settings (workers, batch, cache, chunk), 7 peer (bench/peers/pocketsphinx_peer.py under the same load), \
            8 engines (the corpus in process, straight to an upstream engine and through asrctl in front of it: a second \
            asrctl serve, and faster-whisper when make engines-check has made .engines/; asrctl's added latency, paired), \
            9 search (PocketSphinx search options, ASR_SEARCH_LEVEL's levels among them, in process: CPU per audio second, \
            word error rate and listen stop → text, whole utterances and streamed Opus, against today's default). \
            Each section starts and stops its own processes (asrctl serve of this binary, redis-server, the peers) on free \
            loopback ports. Writes BENCHMARKS.md, bench/results/<section>.json, report.json and SVG charts under --out. \
            Use a release build (make bench does). Exit codes: 0 written (targets missed or not); 3 the corpus is missing \
            or nothing could be written.
            """
    )

    @Option(help: "Directory for BENCHMARKS.md and bench/results/ (default: the package root above the current directory).")
    var out: String?

    @Flag(help: "A short smoke run of every section (indicative figures only).")
    var quick = false

    @Option(
        name: .customLong("only"),
        parsing: .singleValue,
        help: "Run only these sections: engine, service, cache, streaming, memory, settings, peer, engines, search (or 1…9)."
    )
    var only: [String] = []

    @Option(help: "Decoder threads W for the service sections (default: the machine's cores).")
    var workers: Int?

    @Option(help: "The Python peer script (default: bench/peers/pocketsphinx_peer.py of the package root).")
    var peer: String?

    @Option(
        name: .customLong("engines-dir"),
        help:
            "The directory make engines-check fills (venv, whisper-base); §8 measures faster-whisper when it is there (default: .engines of the package root)."
    )
    var enginesDirectory: String?

    func validate() throws {
        _ = try sections()
        if let workers, !(1...64).contains(workers) { throw ValidationError("--workers \(workers) is out of range: 1…64") }
    }

    func run() throws {
        let root = out.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? Self.packageRoot()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #if DEBUG
        let build = "debug"
        StandardError.write("bench: this is a debug build; figures are only meaningful from a release build (make bench)")
        #else
        let build = "release"
        #endif
        let options = BenchmarkOptions(
            outputDirectory: root,
            quick: quick,
            sections: try sections(),
            executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath(),
            workers: workers ?? cores,
            maxDecoders: cores,
            peerScript: peer.map { URL(fileURLWithPath: $0) } ?? Self.packageRoot().appendingPathComponent("bench/peers/pocketsphinx_peer.py"),
            enginesDirectory: enginesDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? Self.packageRoot().appendingPathComponent(".engines", isDirectory: true),
            whisperServer: Self.packageRoot().appendingPathComponent("bench/peers/whisper_server.py"),
            command: (["asrctl"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
            buildConfiguration: build
        )
        let started = Date()
        let report: BenchmarkReport
        do {
            let benchmark = try Benchmark(options: options) { line in
                StandardError.write(String(format: "[%5.0f s] ", Date().timeIntervalSince(started)) + line)
            }
            report = try benchmark.run()
        } catch let error as BenchmarkError {
            StandardError.write("asrctl bench: \(error)")
            throw ExitCode(ExitCodes.operationFailed)
        } catch {
            StandardError.write("asrctl bench: \(error.localizedDescription)")
            throw ExitCode(ExitCodes.operationFailed)
        }
        print("wrote \(root.appendingPathComponent("BENCHMARKS.md").path) and \(options.resultsDirectory.path)/ in \(Int(report.elapsedSeconds)) s")
        for check in report.targets {
            print(
                "§\(check.section.number) \(check.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(check.target): \(check.figure)"
            )
        }
        for (section, error) in report.errors.sorted(by: { $0.key < $1.key }) {
            print("section \(section) failed: \(error)")
        }
    }

    /// The selected sections in run order (all when --only is absent).
    func sections() throws -> [BenchmarkSection] {
        guard !only.isEmpty else { return BenchmarkSection.allCases }
        var chosen = Set<BenchmarkSection>()
        for name in only.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            if let section = BenchmarkSection(rawValue: name) ?? BenchmarkSection.allCases.first(where: { String($0.number) == name }) {
                chosen.insert(section)
            } else {
                throw ValidationError(
                    "--only \(name): expected one of \(BenchmarkSection.allCases.map(\.rawValue).joined(separator: ", ")) or 1…\(BenchmarkSection.allCases.count)"
                )
            }
        }
        return chosen.sorted()
    }

    /// The nearest directory at or above the current one holding Package.swift, else the current one.
    static func packageRoot() -> URL {
        var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) { return directory }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    }
}
