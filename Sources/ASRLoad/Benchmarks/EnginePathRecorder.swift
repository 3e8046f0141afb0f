import ASRContracts

/// Collects one §8 path's requests — latency, text, CPU used — into an `EnginePathResult`.
package struct EnginePathRecorder: Sendable {
    package let engine: String
    package let route: EnginePathResult.Route
    private var latencies: [Double] = []
    private var failed = 0
    private var audioSeconds = 0.0
    private var engineCPU = 0.0
    private var frontCPU = 0.0
    private var errors = WordErrorRate()
    private var scored = false
    /// The first text of each utterance, by its index in the corpus.
    private var texts: [Int: String] = [:]

    package init(engine: String, route: EnginePathResult.Route) {
        self.engine = engine
        self.route = route
    }

    /// One answered request: its latency, CPU seconds the engine (and the asrctl in front) used
    /// for it, and its text, scored against `reference` when `score` (not for repeats of audio
    /// already scored).
    package mutating func record(
        utterance: Int,
        seconds: Double,
        audioSeconds: Double,
        engineCPU: Double?,
        frontCPU: Double? = nil,
        text: String,
        reference: String,
        score: Bool
    ) {
        latencies.append(seconds)
        self.audioSeconds += audioSeconds
        self.engineCPU += engineCPU ?? 0
        self.frontCPU += frontCPU ?? 0
        if texts[utterance] == nil { texts[utterance] = text }
        if score {
            errors.add(reference: reference, hypothesis: text)
            scored = true
        }
    }

    /// A request that got no text.
    package mutating func recordFailure() { failed += 1 }

    /// The path's figures, with the peak RSS of the engine (and the asrctl in front).
    package func result(engineRSSMB: Double?, frontRSSMB: Double? = nil) -> EnginePathResult {
        let perAudio = { (cpu: Double) in audioSeconds > 0 ? cpu / audioSeconds : nil }
        return EnginePathResult(
            engine: engine,
            route: route,
            requests: latencies.count,
            failed: failed,
            audioSeconds: audioSeconds,
            wordErrorRate: scored ? errors.rate : nil,
            referenceWords: errors.referenceWords,
            latency: LatencyPercentiles(seconds: latencies),
            engineCPUPerAudioSecond: perAudio(engineCPU),
            frontCPUPerAudioSecond: route == .throughAsrctl ? perAudio(frontCPU) : nil,
            engineRSSMB: engineRSSMB,
            frontRSSMB: route == .throughAsrctl ? frontRSSMB : nil,
            texts: texts.keys.sorted().map { texts[$0] ?? "" }
        )
    }
}
