import ASRContracts
import ASRRuntime
import Foundation

/// §8's paired measurement against one upstream: each utterance sent straight to the upstream
/// (`POST /v1/audio/transcriptions`, the very form asrctl's upstream engine sends) and through
/// an asrctl whose engine is that upstream (`POST /asr/recognize`, the guide's JSON), one request
/// at a time on keep-alive connections, one right after the other, alternating which goes first.
/// With a decoder, each utterance is also decoded in this process just before (on the calling
/// thread, which must own the decoder).
package struct UpstreamPairedProbe {
    package var upstream: ServiceProcess
    package var front: ServiceProcess
    /// What answers, for the rows (e.g. `asrctl serve (PocketSphinx en-us)`).
    package var engine: String
    /// The `model` the form names (the upstream's model id).
    package var model: String
    package var language = "en"

    package init(upstream: ServiceProcess, front: ServiceProcess, engine: String, model: String) {
        self.upstream = upstream
        self.front = front
        self.engine = engine
        self.model = model
    }

    /// What one run measured.
    package struct Outcome {
        package var inProcess: EnginePathResult?
        package var direct: EnginePathResult
        package var through: EnginePathResult
        package var added: AddedLatencyResult
    }

    /// `pairs` pairs over `utterances` in turn. `distinct`: every request's audio is marked apart
    /// (`AudioMark`), so the upstream decodes each one; otherwise every utterance is sent as
    /// recorded, first once to fill the upstream's cache, so both sides of a pair are answered from
    /// it. `decoder` (with `decoderRSSMB`, what loading it added to this process) adds the
    /// in-process row.
    package func run(
        utterances: [CorpusUtterance],
        pairs: Int,
        distinct: Bool,
        decoder: PocketSphinxDecoder? = nil,
        decoderRSSMB: Double? = nil
    ) throws -> Outcome {
        let toUpstream = BenchHTTPConnection(port: upstream.port)
        let toFront = BenchHTTPConnection(port: front.port)
        let salt = UInt32.random(in: 1...UInt32.max)
        var counter: UInt32 = 0
        func nextMark() -> UInt32? {
            guard distinct else { return nil }
            counter += 1
            return counter ^ salt
        }
        var inProcess = decoder.map { _ in EnginePathRecorder(engine: "PocketSphinx en-us", route: .inProcess) }
        var direct = EnginePathRecorder(engine: engine, route: .direct)
        var through = EnginePathRecorder(engine: engine, route: .throughAsrctl)
        var added: [Double] = []

        // Untimed: connections opened, pages touched; without `distinct`, the upstream's cache filled.
        for utterance in distinct ? Array(utterances.prefix(1)) : utterances {
            let requests = try UtteranceRequests(utterance, mark: nextMark(), model: model, language: language)
            _ = try toUpstream.post("/v1/audio/transcriptions", contentType: requests.form.contentType, body: requests.form.bytes)
            _ = try toFront.post("/asr/recognize", contentType: "application/json", body: requests.recognizeBody)
        }

        let upstreamMemory = MemorySampler(pid: upstream.pid)
        let frontMemory = MemorySampler(pid: front.pid)
        for pair in 0..<pairs {
            let index = pair % utterances.count
            let utterance = utterances[index]
            if let decoder, inProcess != nil {
                let cpu = ProcessProbe.threadCPUSeconds()
                let started = ContinuousClock.now
                let text = try utterance.samples.withUnsafeBufferPointer { (buffer) throws(SpeechEngineError) in try decoder.decode(buffer).text }
                inProcess?.record(
                    utterance: index,
                    seconds: (ContinuousClock.now - started).seconds,
                    audioSeconds: utterance.seconds,
                    engineCPU: ProcessProbe.threadCPUSeconds() - cpu,
                    text: text,
                    reference: utterance.reference,
                    score: true
                )
            }
            let directRequest = try UtteranceRequests(utterance, mark: nextMark(), model: model, language: language)
            let throughRequest = try UtteranceRequests(utterance, mark: nextMark(), model: model, language: language)
            var directSeconds: Double?
            var throughSeconds: Double?
            for directTurn in pair % 2 == 0 ? [true, false] : [false, true] {
                let connection = directTurn ? toUpstream : toFront
                let upstreamCPU = upstream.cpuSeconds
                let frontCPU = front.cpuSeconds
                let started = ContinuousClock.now
                let reply =
                    directTurn
                    ? try? connection.post(
                        "/v1/audio/transcriptions",
                        contentType: directRequest.form.contentType,
                        body: directRequest.form.bytes
                    )
                    : try? connection.post("/asr/recognize", contentType: "application/json", body: throughRequest.recognizeBody)
                let seconds = (ContinuousClock.now - started).seconds
                let engineCPU = upstream.cpuSeconds.flatMap { after in upstreamCPU.map { after - $0 } }
                let usedByFront = front.cpuSeconds.flatMap { after in frontCPU.map { after - $0 } }
                guard let reply, reply.status == 200, let text = reply.json?["text"] as? String else {
                    if reply == nil { connection.close() }
                    if directTurn { direct.recordFailure() } else { through.recordFailure() }
                    continue
                }
                if directTurn {
                    directSeconds = seconds
                    direct.record(
                        utterance: index,
                        seconds: seconds,
                        audioSeconds: utterance.seconds,
                        engineCPU: engineCPU,
                        text: text,
                        reference: utterance.reference,
                        score: distinct
                    )
                } else {
                    throughSeconds = seconds
                    through.record(
                        utterance: index,
                        seconds: seconds,
                        audioSeconds: utterance.seconds,
                        engineCPU: engineCPU,
                        frontCPU: usedByFront,
                        text: text,
                        reference: utterance.reference,
                        score: distinct
                    )
                }
            }
            if let directSeconds, let throughSeconds { added.append(throughSeconds - directSeconds) }
        }
        let upstreamPeak = upstreamMemory.stop()
        let frontPeak = frontMemory.stop()
        let directResult = direct.result(engineRSSMB: upstreamPeak)
        return Outcome(
            inProcess: inProcess?.result(engineRSSMB: decoderRSSMB),
            direct: directResult,
            through: through.result(engineRSSMB: upstreamPeak, frontRSSMB: frontPeak),
            added: AddedLatencyResult(
                upstream: engine,
                upstreamDecoded: distinct,
                pairs: added.count,
                direct: directResult.latency,
                added: LatencyPercentiles(seconds: added)
            )
        )
    }
}
