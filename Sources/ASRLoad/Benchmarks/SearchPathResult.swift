import ASRContracts

/// One way of decoding the corpus under one candidate of the search sweep (§9): the thread
/// CPU time of each repetition and the text of each utterance.
package struct SearchPathResult: Codable, Sendable, Equatable {
    /// Thread CPU seconds (`CLOCK_THREAD_CPUTIME_ID`) of each repetition, in run order.
    package var cpuSecondsByRepetition: [Double]
    /// Seconds of audio one repetition decodes.
    package var audioSeconds: Double
    /// What was recognised, per corpus utterance (the first repetition; decoding is
    /// deterministic here, the same every repetition).
    package var texts: [String]
    /// What was said, per corpus utterance.
    package var references: [String]

    enum CodingKeys: String, CodingKey {
        case texts, references
        case cpuSecondsByRepetition = "cpu_seconds_by_repetition"
        case audioSeconds = "audio_seconds"
    }

    package init(cpuSecondsByRepetition: [Double], audioSeconds: Double, texts: [String], references: [String]) {
        self.cpuSecondsByRepetition = cpuSecondsByRepetition
        self.audioSeconds = audioSeconds
        self.texts = texts
        self.references = references
    }

    /// CPU seconds per audio second over every repetition.
    package var cpuPerAudioSecond: Double {
        let audio = audioSeconds * Double(cpuSecondsByRepetition.count)
        return audio > 0 ? cpuSecondsByRepetition.reduce(0, +) / audio : 0
    }

    /// Word errors of the texts against the transcripts.
    package var wordErrors: WordErrorRate {
        zip(references, texts).reduce(into: WordErrorRate()) { $0.add(reference: $1.0, hypothesis: $1.1) }
    }

    /// This path's CPU relative to `baseline`'s, repetition by repetition (each pair measured
    /// minutes apart at most, round-robin): the lowest and highest ratio.
    package func cpuRatioRange(against baseline: SearchPathResult) -> ClosedRange<Double>? {
        let ratios = zip(cpuSecondsByRepetition, baseline.cpuSecondsByRepetition).compactMap { own, base in
            base > 0 ? own / base * baseline.audioSeconds / max(audioSeconds, .leastNonzeroMagnitude) : nil
        }
        guard let low = ratios.min(), let high = ratios.max() else { return nil }
        return low...high
    }
}
