import Foundation

/// `asrctl bench`: runs the selected sections in order, each against processes it starts and
/// stops itself, and writes BENCHMARKS.md, `bench/results/<section>.json` and the charts.
///
/// A section that fails is recorded (in the report's `errors`) and the run goes on; the
/// engine ceiling runs whenever a section needs it (service efficiency, the peer's overhead).
public final class Benchmark: @unchecked Sendable {
    public let options: BenchmarkOptions
    let corpus: SpeechCorpus
    let engine: EngineCeiling
    /// Scratch directory for service logs; removed at the end.
    let workDirectory: URL
    let progress: @Sendable (String) -> Void
    /// Engine decode seconds per corpus utterance (from §1), for the overhead figures.
    var decodeSeconds: [Double]?

    public init(options: BenchmarkOptions, progress: @escaping @Sendable (String) -> Void) throws {
        self.options = options
        self.progress = progress
        do {
            corpus = try SpeechCorpus.load(from: options.corpusDirectory)
        } catch {
            throw BenchmarkError.corpus(error.message)
        }
        engine = EngineCeiling(corpus: corpus)
        workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("asrctl-bench-\(getpid())", isDirectory: true)
    }

    /// Load levels of §2 and §7: 1, W, 2W, 4W.
    var levels: [Int] {
        let w = options.workers
        return Array(Set([1, w, 2 * w, 4 * w])).sorted()
    }

    /// Distinct-audio bodies of the whole corpus.
    func distinctBodies() -> RecognizeBodies { RecognizeBodies(utterances: corpus.utterances, distinct: true) }

    /// Runs everything and writes the files; returns the report.
    public func run() throws -> BenchmarkReport {
        let started = ContinuousClock.now
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workDirectory) }
        try FileManager.default.createDirectory(at: options.resultsDirectory, withIntermediateDirectories: true)

        var sections = options.sections
        let needsEngine = sections.contains { [.engine, .service, .peer].contains($0) }
        if needsEngine, !sections.contains(.engine) { sections.insert(.engine, at: 0) }
        var report = BenchmarkReport(
            machine: MachineFacts.probe(command: options.command, buildConfiguration: options.buildConfiguration),
            quick: options.quick,
            budget: options.budget,
            sections: sections
        )
        let budget = options.budget
        // §2 runs the peer's load levels beside the runtime's when §7 is selected.
        var peerLevels: PeerComparisonResult?

        for section in sections {
            let sectionStart = ContinuousClock.now
            progress("§\(section.number) \(section.title)…")
            do {
                switch section {
                case .engine:
                    let result = try engine.run(maxDecoders: options.maxDecoders, seconds: budget.engineSeconds) { self.progress($0) }
                    decodeSeconds = result.utterances.map(\.decodeSeconds)
                    report.engine = result
                    try write(result, as: section)
                case .service:
                    let measured = try serviceEfficiency(engineResult: report.engine, withPeer: sections.contains(.peer))
                    report.engine?.recheck = measured.recheck
                    if let engineResult = report.engine { try write(engineResult, as: .engine) }
                    report.service = measured.service
                    peerLevels = measured.peer
                    try write(measured.service, as: section)
                case .cache:
                    report.cache = try cacheHits()
                    try write(report.cache, as: section)
                case .streaming:
                    let capacity = StreamingCapacity(
                        executable: options.executable,
                        workers: options.workers,
                        // Realistic devices pause 8 s between utterances: a probe needs long
                        // enough for several utterances from each.
                        secondsPerProbe: budget.loadSeconds * 6
                    )
                    report.streaming = try capacity.measure(
                        workDirectory: workDirectory,
                        ceiling: report.engine?.points.last?.audioSecondsPerSecond
                    ) { self.progress($0) }
                    try write(report.streaming, as: section)
                case .memory:
                    report.memory = try memory()
                    try write(report.memory, as: section)
                case .settings:
                    report.settings = try settingEffects()
                    try write(report.settings, as: section)
                case .peer:
                    report.peer = try peerComparison(levels: peerLevels)
                    try write(report.peer, as: section)
                case .engines:
                    report.engines = try engines()
                    try write(report.engines, as: section)
                case .search:
                    report.search = try searchLevels()
                    try write(report.search, as: section)
                }
            } catch {
                report.errors[section.rawValue] = "\(error)"
                progress("§\(section.number) failed: \(error)")
            }
            progress(String(format: "§%d done in %.0f s", section.number, (ContinuousClock.now - sectionStart).seconds))
        }

        report.machine.loadAverageEnd = ProcessProbe.loadAverage()
        report.elapsedSeconds = (ContinuousClock.now - started).seconds
        report.targets = BenchmarkVerdicts.evaluate(report)
        try BenchmarkWriter(directory: options.outputDirectory).write(report)
        return report
    }

    /// `bench/results/<section>.json`.
    func write<Value: Encodable>(_ value: Value?, as section: BenchmarkSection) throws {
        guard let value else { return }
        try BenchmarkWriter(directory: options.outputDirectory).writeJSON(value, name: section.rawValue)
    }

    /// Starts `asrctl serve` with `environment`.
    func startRuntime(_ environment: [String: String]) throws -> ServiceProcess {
        try ServiceProcess.runtime(executable: options.executable, environment: environment, workDirectory: workDirectory)
    }

    /// One request per decoder at once (pages in every decoder), then a short rest; the RSS after.
    func warmIdle(_ service: ServiceProcess, workers: Int) -> Double? {
        let bodies = distinctBodies()
        DispatchQueue.concurrentPerform(iterations: workers) { index in
            _ = try? BenchHTTPConnection(port: service.port).post("/asr/recognize", contentType: "application/json", body: bodies.body(index).body)
        }
        Thread.sleep(forTimeInterval: 0.5)
        return service.residentMB
    }

    /// Runs closed-loop load against `service`.
    func load(_ service: ServiceProcess, clients: Int, seconds: Double, bodies: RecognizeBodies) -> LoadResult {
        progress("  \(service.kind.rawValue): \(clients) client(s) for \(String(format: "%.0f", seconds)) s")
        let result = ClosedLoopLoad(
            port: service.port,
            clients: clients,
            seconds: seconds,
            bodies: bodies,
            decodeSeconds: bodies.distinct ? decodeSeconds : nil,
            pid: service.pid
        ).run()
        progress(
            String(
                format: "    %.2f audio-s/s, %.2f req/s, p50 %.0f ms, p95 %.0f ms, %d refused, %d failed",
                result.audioSecondsPerSecond,
                result.requestsPerSecond,
                result.latency?.p50Ms ?? 0,
                result.latency?.p95Ms ?? 0,
                result.rejected,
                result.failed
            )
        )
        return result
    }
}
