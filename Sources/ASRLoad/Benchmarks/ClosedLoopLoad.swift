import Foundation

/// Closed-loop load on `POST /asr/recognize`: `clients` threads, each with its own keep-alive
/// connection, each sending its next request the moment the previous one is answered.
///
/// Every client first opens its connection (`GET /health`, not measured); then the window of
/// `seconds` starts for all of them at once, and clients send until it ends. A request still
/// running at the end is awaited (so the next level starts on an idle service) and its latency
/// counted. Throughput is work over makespan: the audio of every 200 sent in the window divided
/// by the time from the window's start (all clients send at once to an idle, warm service) to
/// the last answer. Rates taken inside the window alone were biased on this runtime: with
/// `ASR_BATCH_SIZE` > 1 answers arrive in bursts, and requests can outlast a short window; the
/// makespan is exact for one client and only slightly low (the drain, when fewer clients than
/// decoders remain) for many. After a 503, a client waits `retryPause` seconds
/// before its next request (a client honouring `Retry-After` would wait longer; no pause would
/// turn overload into a busy loop of refusals).
package struct ClosedLoopLoad: Sendable {
    package var port: Int
    package var clients: Int
    package var seconds: Double
    package var bodies: RecognizeBodies
    /// Engine decode seconds per utterance index (section 1), for the overhead figure.
    package var decodeSeconds: [Double]?
    /// The service's pid: RSS peak and CPU time are read from /proc.
    package var pid: Int32?
    package var retryPause: Double

    package init(
        port: Int,
        clients: Int,
        seconds: Double,
        bodies: RecognizeBodies,
        decodeSeconds: [Double]? = nil,
        pid: Int32? = nil,
        retryPause: Double = 0.02
    ) {
        self.port = port
        self.clients = clients
        self.seconds = seconds
        self.bodies = bodies
        self.decodeSeconds = decodeSeconds
        self.pid = pid
        self.retryPause = retryPause
    }

    private struct Sample {
        var status: Int
        var latency: Double
        var sentAt: Double
        var completedAt: Double
        var audioSeconds: Double
        var utterance: Int
        var cached: Bool
    }

    /// Runs the load; blocks the calling thread until every client has finished.
    package func run() -> LoadResult {
        let lock = NSLock()
        nonisolated(unsafe) var samples: [Sample] = []
        let warmedUp = DispatchGroup()
        let finished = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var windowStart = ContinuousClock.now
        // The runtime's JSONEncoder writes `"cached":true`; Python's json.dumps `"cached": true`.
        let cachedMarkers = [Array(#""cached":true"#.utf8), Array(#""cached": true"#.utf8)]

        for client in 0..<clients {
            warmedUp.enter()
            finished.enter()
            let thread = Thread { [bodies, port, seconds, retryPause] in
                let connection = BenchHTTPConnection(port: port)
                var next = client * 7919 % max(1, bodies.count)
                _ = try? connection.get("/health")
                warmedUp.leave()
                go.wait()
                let start = windowStart
                var local: [Sample] = []
                while true {
                    let now = ContinuousClock.now
                    guard (now - start).seconds < seconds else { break }
                    next = (next + 1) % bodies.count
                    let (body, audio) = bodies.body(next)
                    let sent = ContinuousClock.now
                    let reply = try? connection.post("/asr/recognize", contentType: "application/json", body: body)
                    let done = ContinuousClock.now
                    let status = reply?.status ?? 0
                    let cached = reply.map { reply in cachedMarkers.contains { Self.contains($0, in: reply.body) } } ?? false
                    local.append(
                        Sample(
                            status: status,
                            latency: (done - sent).seconds,
                            sentAt: (sent - start).seconds,
                            completedAt: (done - start).seconds,
                            audioSeconds: audio,
                            utterance: next,
                            cached: cached
                        )
                    )
                    if status == 503, retryPause > 0 { Thread.sleep(forTimeInterval: retryPause) }
                    if reply == nil { connection.close() }
                }
                lock.withLock { samples.append(contentsOf: local) }
                finished.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        warmedUp.wait()
        let sampler = pid.map { MemorySampler(pid: $0) }
        let cpuBefore = pid.flatMap { ProcessProbe.cpuSeconds($0) }
        windowStart = ContinuousClock.now
        for _ in 0..<clients { go.signal() }
        finished.wait()
        let cpuAfter = pid.flatMap { ProcessProbe.cpuSeconds($0) }
        let peak = sampler?.stop()

        let accepted = samples.filter { $0.status == 200 }
        let inWindow = accepted.filter { $0.completedAt <= seconds }
        let (audioRate, requestRate) = Self.rates(
            accepted.map { (sentAt: $0.sentAt, completedAt: $0.completedAt, audio: $0.audioSeconds) },
            window: seconds
        )
        let allAudio = accepted.reduce(0) { $0 + $1.audioSeconds }
        var overhead: LatencyPercentiles?
        if let decodeSeconds, decodeSeconds.count == bodies.count {
            overhead = LatencyPercentiles(seconds: accepted.map { $0.latency - decodeSeconds[$0.utterance] })
        }
        var cpuPerAudio: Double?
        if let cpuBefore, let cpuAfter, allAudio > 0 { cpuPerAudio = (cpuAfter - cpuBefore) / allAudio }
        return LoadResult(
            clients: clients,
            seconds: seconds,
            completed: inWindow.count,
            rejected: samples.count { $0.status == 503 },
            failed: samples.count { $0.status != 200 && $0.status != 503 },
            requestsPerSecond: requestRate,
            audioSecondsPerSecond: audioRate,
            latency: LatencyPercentiles(seconds: accepted.map(\.latency)),
            rejectedLatency: LatencyPercentiles(seconds: samples.filter { $0.status == 503 }.map(\.latency)),
            overhead: overhead,
            cpuSecondsPerAudioSecond: cpuPerAudio,
            rssPeakMB: peak,
            cacheHits: inWindow.count { $0.cached },
            loadAverage: ProcessProbe.loadAverage()
        )
    }

    /// Audio seconds and requests per second of accepted requests (times relative to the window's
    /// start): all their audio over the time to the last answer (see the type's documentation).
    package static func rates(
        _ requests: [(sentAt: Double, completedAt: Double, audio: Double)],
        window: Double
    )
        -> (audio: Double, requests: Double)
    {
        let makespan = requests.map(\.completedAt).max() ?? 0
        guard makespan > 0 else { return (0, 0) }
        return (requests.reduce(0) { $0 + $1.audio } / makespan, Double(requests.count) / makespan)
    }

    /// The share of `[from, to]` inside `[0, window]` (1 for an instantaneous request inside it).
    package static func share(from: Double, to: Double, window: Double) -> Double {
        guard to > from else { return (0...window).contains(to) ? 1 : 0 }
        let overlap = min(to, window) - max(from, 0)
        return max(0, overlap) / (to - from)
    }

    private static func contains(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                for index in 0...(hay.count - pin.count) where hay[index] == pin[0] {
                    if memcmp(hay.baseAddress! + index, pin.baseAddress!, pin.count) == 0 { return true }
                }
                return false
            }
        }
    }
}
