import ASRContracts
import ASRRuntime
import Foundation
import Testing

/// Measurements, not checks: model load time, memory per decoder, real-time factor, WER and
/// two-thread throughput. Off by default (they take ~30 s and want an otherwise idle
/// process); run alone with `ASR_ENGINE_FIGURES=1 swift test --filter EngineFigures`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["ASR_ENGINE_FIGURES"] != nil))
struct EngineFigures {
    @Test func measure() async throws {
        let corpus = try TestCorpus.cards() + TestCorpus.librivox()
        let audioSeconds = corpus.reduce(0) { $0 + $1.audio.duration }

        // Load time and resident memory per decoder: one engine of 1 thread, then one of 3.
        let rss0 = Self.residentMB()
        let one = PocketSphinxEngine(configuration: .englishUS, workerCount: 1)
        try await one.start()
        let rss1 = Self.residentMB()
        let three = PocketSphinxEngine(configuration: .englishUS, workerCount: 3)
        try await three.start()
        let rss4 = Self.residentMB()
        print("FIGURE load seconds per decoder: \((one.workers.loadSeconds + three.workers.loadSeconds).map { String(format: "%.3f", $0) })")
        print("FIGURE RSS: \(rss0) MB before; +\(rss1 - rss0) MB for the first decoder; +\(rss4 - rss1) MB for 3 more (\((rss4 - rss1) / 3) MB each)")
        await three.shutdown()
        let afterShutdown = Self.residentMB()
        let trimmed = Self.trimHeap()
        print(
            "FIGURE RSS after shutting the 3 down: \(afterShutdown) MB; after malloc_trim(0) (\(trimmed ? "released" : "nothing released")): \(Self.residentMB()) MB"
        )
        // Creating and freeing decoders repeatedly must not grow memory (no leak per decoder).
        var cycles: [Int] = []
        for _ in 0..<8 {
            let again = PocketSphinxEngine(configuration: .englishUS, workerCount: 1)
            try await again.start()
            await again.shutdown()
            _ = Self.trimHeap()
            cycles.append(Self.residentMB())
        }
        print("FIGURE RSS (MB, trimmed) after each of 8 more decoder create/free cycles: \(cycles)")

        // Single thread: real-time factor and WER over the whole corpus.
        var wer = WordErrorRate()
        var decodeSeconds = 0.0
        for utterance in corpus {
            let result = try await one.recognize(utterance.audio, priority: .medium)
            wer.add(reference: utterance.reference, hypothesis: result.text)
            decodeSeconds += result.decodeSeconds
            print("FIGURE   \(utterance.id): \(result.text) [confidence \(String(format: "%.2f", result.confidence))]")
        }
        print(
            "FIGURE single thread: \(String(format: "%.2f", decodeSeconds)) s for \(String(format: "%.2f", audioSeconds)) s of audio = RTF \(String(format: "%.3f", decodeSeconds / audioSeconds)) (\(String(format: "%.1f", audioSeconds / decodeSeconds))× faster than real time)"
        )
        print("FIGURE WER cards+librivox: \(wer)")
        await one.shutdown()

        // Two threads: the corpus twice, all submitted at once; wall clock against audio.
        let two = PocketSphinxEngine(configuration: .englishUS, workerCount: 2)
        try await two.start()
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for utterance in corpus + corpus {
                group.addTask { _ = try await two.recognize(utterance.audio, priority: .medium) }
            }
            try await group.waitForAll()
        }
        let wall = ContinuousClock.now - started
        let wallSeconds = wall.seconds
        print(
            "FIGURE two threads: \(String(format: "%.2f", 2 * audioSeconds)) s of audio in \(String(format: "%.2f", wallSeconds)) s wall = \(String(format: "%.1f", 2 * audioSeconds / wallSeconds))× real time"
        )
        await two.shutdown()
    }

    /// glibc `malloc_trim(0)`, looked up at run time (<malloc.h> is not in the Glibc module).
    private static func trimHeap() -> Bool {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return false }
        let trim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        return trim(0) != 0
    }

    /// VmRSS of this process from /proc/self/status, in MB.
    private static func residentMB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }
}
