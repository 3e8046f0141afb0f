import ASRRuntime
import Foundation

/// Section 1: N PocketSphinx decoders in this process, each created on and owned by its own
/// thread, decoding whole utterances of the corpus back to back — the runtime's engine types
/// with no service around them.
package struct EngineCeiling: Sendable {
    package var configuration: PocketSphinxConfiguration
    package var corpus: SpeechCorpus

    /// - Parameter configuration: by default the runtime's: the en-us model at the default
    ///   `ASR_SEARCH_LEVEL`, as the service sections' `asrctl serve` and the peer search.
    package init(configuration: PocketSphinxConfiguration = PocketSphinxConfiguration(runtime: .defaults), corpus: SpeechCorpus) {
        self.configuration = configuration
        self.corpus = corpus
    }

    /// Decodes with `decoders` threads for about `seconds` (each thread starts at a different
    /// utterance and finishes the one it is in), returning also each utterance's decode times
    /// and text. `completePass` goes on until every utterance was decoded at least once;
    /// `chunkBytes` feeds each utterance in steps of that many bytes, as a stream.
    package func measure(
        decoders: Int,
        seconds: Double,
        chunkBytes: Int? = nil,
        completePass: Bool = false
    )
        throws -> (point: EngineCeilingPoint, times: [Int: [Double]], texts: [Int: String])
    {
        let lock = NSLock()
        nonisolated(unsafe) var audio = 0.0
        nonisolated(unsafe) var cpu = 0.0
        nonisolated(unsafe) var lastEnd = 0.0
        nonisolated(unsafe) var rate = 0.0
        nonisolated(unsafe) var times: [Int: [Double]] = [:]
        nonisolated(unsafe) var texts: [Int: String] = [:]
        nonisolated(unsafe) var failure: (any Error)?
        nonisolated(unsafe) var start = ContinuousClock.now
        let ready = DispatchGroup()
        let finished = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        let utterances = corpus.utterances
        let configuration = configuration
        let wholePass = completePass

        for index in 0..<decoders {
            ready.enter()
            finished.enter()
            let thread = Thread {
                defer { finished.leave() }
                let decoder: PocketSphinxDecoder
                do {
                    decoder = try PocketSphinxDecoder(configuration: configuration)
                } catch {
                    lock.withLock { failure = error }
                    ready.leave()
                    return
                }
                // One warm-up decode (page in the model) before the clock starts.
                _ = try? decoder.decode(PCMAudio(samples: utterances[0].samples))
                ready.leave()
                go.wait()
                let began = start
                let cpuStart = ProcessProbe.threadCPUSeconds()
                var decoded = 0.0
                var done = 0
                var localTimes: [Int: [Double]] = [:]
                var localTexts: [Int: String] = [:]
                var next = index * utterances.count / max(1, decoders)
                while (ContinuousClock.now - began).seconds < seconds || (wholePass && done < utterances.count) {
                    let utterance = utterances[next % utterances.count]
                    let before = ContinuousClock.now
                    let text: String
                    do {
                        if let chunkBytes {
                            text = try Self.decodeChunked(decoder, utterance.samples, samplesPerCall: chunkBytes / 2)
                        } else {
                            text = try utterance.samples.withUnsafeBufferPointer { (buffer) throws(SpeechEngineError) in
                                try decoder.decode(buffer).text
                            }
                        }
                    } catch {
                        lock.withLock { failure = error }
                        break
                    }
                    localTimes[next % utterances.count, default: []].append((ContinuousClock.now - before).seconds)
                    localTexts[next % utterances.count] = text
                    decoded += utterance.seconds
                    done += 1
                    next += 1
                }
                let used = ProcessProbe.threadCPUSeconds() - cpuStart
                let end = (ContinuousClock.now - began).seconds
                lock.withLock {
                    audio += decoded
                    cpu += used
                    lastEnd = max(lastEnd, end)
                    if end > 0 { rate += decoded / end }
                    for (key, values) in localTimes { times[key, default: []] += values }
                    texts.merge(localTexts) { $1 }
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        ready.wait()
        start = ContinuousClock.now
        for _ in 0..<decoders { go.signal() }
        finished.wait()
        if let failure { throw failure }
        var point = EngineCeilingPoint(decoders: decoders, audioSeconds: audio, wallSeconds: lastEnd, cpuSeconds: cpu)
        // Each thread decodes without a pause from the common start to its own last utterance:
        // the sum of their rates is the ceiling. (audio ÷ the slowest thread's end would count
        // the others' idle wait for it, a whole utterance in a short run.)
        point.audioSecondsPerSecond = rate
        return (point, times, texts)
    }

    /// One utterance fed in `samplesPerCall` steps, as a stream (the ASR_CHUNK_SIZE path).
    private static func decodeChunked(_ decoder: PocketSphinxDecoder, _ samples: [Int16], samplesPerCall: Int) throws -> String {
        decoder.startStream()
        try decoder.startUtterance()
        try samples.withUnsafeBufferPointer { (buffer) throws(SpeechEngineError) in
            var offset = 0
            while offset < buffer.count {
                let count = min(samplesPerCall, buffer.count - offset)
                try decoder.process(UnsafeBufferPointer(rebasing: buffer[offset..<(offset + count)]))
                offset += count
            }
        }
        return try decoder.endUtterance().text
    }

    /// Section 1 in full: N = 1 … `maxDecoders`, plus per-utterance decode times from N = 1.
    package func run(maxDecoders: Int, seconds: Double, progress: (String) -> Void) throws -> EngineCeilingResult {
        var points: [EngineCeilingPoint] = []
        var utteranceTimes: [UtteranceDecodeTime] = []
        for decoders in 1...max(1, maxDecoders) {
            progress("engine: \(decoders) decoder(s) for \(Int(seconds)) s")
            let (point, times, texts) = try measure(decoders: decoders, seconds: seconds, completePass: decoders == 1)
            points.append(point)
            if decoders == 1 {
                utteranceTimes = corpus.utterances.enumerated().map { index, utterance in
                    let sorted = (times[index] ?? [0]).sorted()
                    return UtteranceDecodeTime(
                        id: utterance.id,
                        audioSeconds: utterance.seconds,
                        decodeSeconds: sorted[sorted.count / 2],
                        text: texts[index] ?? "",
                        reference: utterance.reference
                    )
                }
            }
        }
        return EngineCeilingResult(points: points, utterances: utteranceTimes)
    }
}
