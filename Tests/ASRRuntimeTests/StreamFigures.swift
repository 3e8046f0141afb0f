import ASRContracts
import ASRRuntime
import Foundation
import NIOCore
import Synchronization
import Testing

/// Measurements, not checks, of the streaming design (a decoder per stream, its work run as
/// scheduler jobs on the shared decoder threads): what a stream decoder costs to create and
/// hold, the CPU of chunked decoding against a whole-utterance decode, and how soon the text
/// is ready after the speech ends when frames arrive in real time. Off by default; run alone
/// with `ASR_STREAM_FIGURES=1 swift test --filter StreamFigures`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["ASR_STREAM_FIGURES"] != nil))
struct StreamFigures {
    typealias H = DeviceHarness

    @Test func measure() async throws {
        let speech = try TestCorpus.goForward()
        try await H.with(["ASR_WORKER_THREADS": "1"]) { services, client in
            // Whole-utterance decode of the same audio on a worker decoder (the HTTP path).
            var whole: [Double] = []
            for _ in 0..<5 { whole.append(try await services.engine.recognize(speech, priority: .medium).decodeSeconds) }
            print(
                "FIGURE whole-utterance decode of goforward (\(String(format: "%.2f", speech.duration)) s): median \(Self.ms(Self.median(whole))) ms"
            )

            // Creating stream decoders: load time and resident memory each.
            let before = Self.residentMB()
            let decoders = try await [services.streams.pool.acquire(), services.streams.pool.acquire(), services.streams.pool.acquire()]
            let after = Self.residentMB()
            print(
                "FIGURE stream decoder: load \(decoders.map { Self.ms($0.loadSeconds) }) ms; +\((after - before) / 3) MB RSS each (3 created: \(before) → \(after) MB)"
            )
            for decoder in decoders { services.streams.pool.release(decoder) }
            try await Task.sleep(for: .milliseconds(200))
            print("FIGURE pool after release: \(services.streams.pool.snapshot)")

            // A device streaming in real time (a 60 ms packet every 60 ms), manual mode:
            // `listen stop` → stt is all the wait left once the speech is over.
            var stopToSTT: [Double] = []
            for _ in 0..<5 {
                let (latency, _) = try await H.device(client) { device in
                    _ = try await device.handshake()
                    try await device.send(H.listen("start", mode: "manual"))
                    for packet in H.speechPackets {
                        try await device.send(packets: [packet])
                        try await Task.sleep(for: .milliseconds(60))
                    }
                    let stopped = ContinuousClock.now
                    try await device.send(H.listen("stop"))
                    guard let reply = try await device.next(), reply.text == "go forward ten meters" else {
                        throw H.DeviceError.unexpected("wrong answer")
                    }
                    return (ContinuousClock.now - stopped).seconds
                }
                stopToSTT.append(latency)
            }
            let stats = services.streams.statistics.snapshot
            print("FIGURE real-time stream, manual: listen stop → stt median \(Self.ms(Self.median(stopToSTT))) ms (\(stopToSTT.map(Self.ms)))")
            print(
                "FIGURE streaming CPU: \(stats.jobs) jobs, \(String(format: "%.3f", stats.jobSeconds)) s decoder time for \(String(format: "%.2f", stats.audioSeconds)) s of audio = RTF \(String(format: "%.3f", stats.jobSeconds / stats.audioSeconds)); stream decoders created \(services.streams.pool.snapshot.created), reused \(services.streams.pool.snapshot.reused)"
            )

            // Auto mode in real time: from the last speech packet to the stt (includes the
            // endpointer's 0.5 s hangover, which the silence packets fill).
            var autoLatency: [Double] = []
            for _ in 0..<3 {
                let (latency, _) = try await H.device(client) { device in
                    _ = try await device.handshake()
                    try await device.send(H.listen("start", mode: "auto"))
                    for packet in H.speechPackets {
                        try await device.send(packets: [packet])
                        try await Task.sleep(for: .milliseconds(60))
                    }
                    let speechEnded = ContinuousClock.now
                    // The silence goes on in real time while the answer is awaited.
                    let outbound = device.outbound
                    async let silence: Void = {
                        for packet in H.silencePackets {
                            try await outbound.write(.binary(ByteBuffer(bytes: packet)))
                            try await Task.sleep(for: .milliseconds(60))
                        }
                    }()
                    guard let reply = try await device.next(), reply.text == "go forward ten meters" else {
                        throw H.DeviceError.unexpected("wrong answer")
                    }
                    let latency = (ContinuousClock.now - speechEnded).seconds
                    try await silence
                    return latency
                }
                autoLatency.append(latency)
            }
            let auto = services.streams.statistics.snapshot
            print(
                "FIGURE real-time stream, auto: last speech packet → stt median \(Self.ms(Self.median(autoLatency))) ms; server-side end → stt p50 \(Self.ms(auto.latencyP50)) ms; last utterance \(auto.lastUtterance.map { "\($0.audioBytes) bytes, \($0.ending)" } ?? "-")"
            )
        }

        // Chunk size against decoder time for the same audio (manual mode, sent at once).
        for chunk in [320, 640, 3200, 16000] {
            try await H.with(["ASR_CHUNK_SIZE": "\(chunk)"]) { services, client in
                for _ in 0..<3 {
                    _ = try await H.device(client) { device in
                        _ = try await device.handshake()
                        return try await device.speakManually()
                    }
                }
                let stats = services.streams.statistics.snapshot
                print(
                    "FIGURE ASR_CHUNK_SIZE=\(chunk): \(stats.lastUtterance?.processCalls ?? 0) process calls per utterance, decoder time \(Self.ms(stats.jobSeconds / 3)) ms per utterance"
                )
            }
        }
    }

    /// Where streamed text loses accuracy: the corpus decoded whole from its PCM, whole from
    /// the same audio after an Opus round trip, and streamed as Opus packets in manual mode.
    @Test func accuracyOfStreamedSpeech() async throws {
        let corpus =
            try [CorpusUtterance(id: "goforward", reference: "go forward ten meters", audio: TestCorpus.goForward())]
            + TestCorpus.cards() + TestCorpus.librivox()
        try await H.with(["ASR_WORKER_THREADS": "1", "ASR_CACHE_SIZE_MB": "0"]) { services, client in
            var whole = WordErrorRate()
            var opus = WordErrorRate()
            var streamed = WordErrorRate()
            for utterance in corpus {
                let packets = try OpusEncoder(frameDurationMilliseconds: 60, bitrate: 24_000, complexity: 5).encode(samples: utterance.audio.samples)
                let decoder = try OpusDecoder()
                let roundTrip = PCMAudio(samples: try packets.flatMap { try decoder.decode($0) })
                let a = try await services.engine.recognize(utterance.audio, priority: .medium).text
                let b = try await services.engine.recognize(roundTrip, priority: .medium).text
                let c =
                    try await H.device(client) { device in
                        _ = try await device.handshake()
                        return try await device.speakManually(packets)
                    }.value?.text ?? ""
                whole.add(reference: utterance.reference, hypothesis: a)
                opus.add(reference: utterance.reference, hypothesis: b)
                streamed.add(reference: utterance.reference, hypothesis: c)
                print("FIGURE \(utterance.id): whole \"\(a)\" | opus \"\(b)\" | streamed \"\(c)\"")
            }
            // One device saying the whole corpus in turn: its cepstral mean carries over.
            let encoded = try corpus.map {
                try OpusEncoder(frameDurationMilliseconds: 60, bitrate: 24_000, complexity: 5).encode(samples: $0.audio.samples)
            }
            let texts: [String] = try await H.device(client) { device in
                _ = try await device.handshake()
                var texts: [String] = []
                for packets in encoded { texts.append(try await device.speakManually(packets)?.text ?? "") }
                return texts
            }.value
            var oneDevice = WordErrorRate()
            for (utterance, text) in zip(corpus, texts) { oneDevice.add(reference: utterance.reference, hypothesis: text) }
            print(
                String(
                    format:
                        "FIGURE word error rate over %d words: whole PCM %.1f %%, whole after Opus %.1f %%, streamed Opus %.1f %% (a device each), %.1f %% (one device saying all in turn)",
                    whole.referenceWords,
                    whole.rate * 100,
                    opus.rate * 100,
                    streamed.rate * 100,
                    oneDevice.rate * 100
                )
            )
        }
    }

    /// What a decoder costs in resident memory with its own language model and with the shared
    /// one, and the process's RSS with 25 devices connected under the default memory knobs
    /// (4 decoder threads, cap 1500 MB, critical 1400 MB; ASR_MAX_CONCURRENT=25 as in the
    /// high-load preset), each speaking goforward in real time then pausing 1.5–4.5 s.
    @Test func memory() async throws {
        let devices = 25
        let knobs = [
            "ASR_WORKER_THREADS": "4", "ASR_MAX_CONCURRENT": "\(devices)", "ASR_MAX_MEMORY_MB": "1500",
            "ASR_MEMORY_WARNING_MB": "1200", "ASR_MEMORY_CRITICAL_MB": "1400",
        ]
        for (label, pause) in [("speaking then pausing 1.5–4.5 s", 1.5...4.5), ("all speaking at once, no pause", 0.0...0.0)] {
            let before = Self.residentMB()
            try await H.with(knobs) { services, client in
                let ready = Self.residentMB()
                let peak = Mutex(ready)
                let sampler = Task {
                    while !Task.isCancelled {
                        let now = Self.residentMB()
                        peak.withLock { $0 = max($0, now) }
                        try? await Task.sleep(for: .milliseconds(100))
                    }
                }
                let deadline = ContinuousClock.now + .seconds(pause.upperBound > 0 ? 30 : 1)
                let outcomes = try await withThrowingTaskGroup(of: [String].self) { group in
                    for index in 0..<devices {
                        group.addTask {
                            try await H.device(client, headers: [.init("Device-Id")!: "aa:bb:cc:dd:\(String(format: "%02x", index)):00"]) { device in
                                _ = try await device.handshake()
                                var outcomes: [String] = []
                                var random = SplitMix64(seed: UInt64(index) + 1)
                                if pause.upperBound > 0 {
                                    try await Task.sleep(for: .milliseconds(Int(random.next() % 3000)))
                                }
                                repeat {
                                    try await device.send(H.listen("start", mode: "manual"))
                                    for packet in H.speechPackets {
                                        try await device.send(packets: [packet])
                                        try await Task.sleep(for: .milliseconds(60))
                                    }
                                    try await device.send(H.listen("stop"))
                                    let reply = try await device.next()
                                    outcomes.append(reply?.type == "stt" ? (reply?.text ?? "") : "\(reply?.type ?? "closed") \(reply?.code ?? "")")
                                    let seconds = pause.lowerBound + Double(random.next() % 1000) / 1000 * (pause.upperBound - pause.lowerBound)
                                    try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                                } while ContinuousClock.now < deadline
                                return outcomes
                            }.value
                        }
                    }
                    return try await group.reduce(into: [String]()) { $0 += $1 }
                }
                sampler.cancel()
                let pool = services.streams.pool.snapshot
                let answered = outcomes.filter { $0 == "go forward ten meters" }.count
                let refused = outcomes.filter { $0.contains("memory_critical") }.count
                print(
                    "FIGURE \(devices) devices, \(label): RSS \(before) MB before the runtime, \(ready) MB ready (4 workers), peak \(peak.withLock { $0 }) MB; \(outcomes.count) utterances: \(answered) exact, \(refused) refused (memory_critical), \(outcomes.count - answered - refused) other; stream decoders: peak in use \(pool.peakInUse), created \(pool.created), leases \(pool.leases), reused \(pool.reused), refused \(pool.refused)"
                )
            }
            _ = ProcessMemory.releaseFreedMemory()
        }

        // Then decoders held at once, so that no measurement reuses memory another freed.
        let privatePool = StreamDecoderPool(configuration: .englishUS, idleLimit: 3)
        let model = try #require(PocketSphinxDecoder.SharedLanguageModel(configuration: .englishUS, slots: 4))
        let sharedPool = StreamDecoderPool(configuration: .englishUS, languageModel: model, idleLimit: 3)
        let start = Self.residentMB()
        let own = try await [privatePool.acquire(), privatePool.acquire(), privatePool.acquire()]
        let afterOwn = Self.residentMB()
        let firstShared = try await sharedPool.acquire()
        let afterInstances = Self.residentMB()
        let moreShared = try await [sharedPool.acquire(), sharedPool.acquire(), sharedPool.acquire()]
        let afterShared = Self.residentMB()
        print(
            "FIGURE decoder RSS: own language model +\((afterOwn - start) / 3) MB each; shared LM and narrowed dictionary: the first +\(afterInstances - afterOwn) MB (4 LM instances, read in \(Self.ms(model.instancesLoadSeconds)) ms, + its decoder), each further one +\((afterShared - afterInstances) / 3) MB"
        )
        for decoder in own { privatePool.release(decoder) }
        for decoder in moreShared + [firstShared] { sharedPool.release(decoder) }
        await privatePool.shutdown()
        await sharedPool.shutdown()
        _ = ProcessMemory.releaseFreedMemory()

    }

    /// Decoder CPU time for the recorded corpus with a private language model and whole
    /// dictionary against the shared model and narrowed dictionary (thread CPU time, so other
    /// load on the machine counts less than in wall time; rounds alternate).
    @Test func sharedModelDecodeTime() async throws {
        let corpus =
            try [CorpusUtterance(id: "goforward", reference: "go forward ten meters", audio: TestCorpus.goForward())]
            + TestCorpus.cards() + TestCorpus.librivox()
        let own = PocketSphinxEngine(configuration: .englishUS, workerCount: 1)
        let model = try #require(PocketSphinxDecoder.SharedLanguageModel(configuration: .englishUS, slots: 1))
        let shared = PocketSphinxEngine(configuration: .englishUS, workerCount: 1, languageModel: model)
        try await own.start()
        try await shared.start()
        var seconds: [String: [Double]] = ["own": [], "shared": []]
        for _ in 0..<3 {
            for (name, engine) in [("own", own), ("shared", shared)] {
                var total = 0.0
                for utterance in corpus {
                    let audio = utterance.audio
                    total += try await engine.perform { decoder in
                        let before = Self.threadCPUSeconds()
                        _ = try decoder.decode(audio)
                        return Self.threadCPUSeconds() - before
                    }
                }
                seconds[name, default: []].append(total)
            }
        }
        await own.shutdown()
        await shared.shutdown()
        let audio = corpus.reduce(0) { $0 + $1.audio.duration }
        print(
            "FIGURE decoder CPU for the corpus (\(String(format: "%.1f", audio)) s of audio), per round: own LM \(seconds["own"]!.map { String(format: "%.2f", $0) }) s, shared LM + narrowed dictionary \(seconds["shared"]!.map { String(format: "%.2f", $0) }) s"
        )
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    static func ms(_ seconds: Double) -> String { String(format: "%.0f", seconds * 1000) }

    static func residentMB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }
}
