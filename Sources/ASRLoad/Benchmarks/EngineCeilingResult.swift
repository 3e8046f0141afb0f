import ASRContracts

/// Section 1: the physical limit the service is held to.
package struct EngineCeilingResult: Codable, Sendable, Equatable {
    /// N = 1 … cores.
    package var points: [EngineCeilingPoint]
    /// The single decoder's time per utterance.
    package var utterances: [UtteranceDecodeTime]
    /// The ceiling at W decoders measured again just before and just after the service's
    /// saturated levels (section 2, both runs pooled), so efficiency compares figures taken
    /// seconds, not sections, apart.
    package var recheck: EngineCeilingPoint?

    enum CodingKeys: String, CodingKey {
        case points, utterances, recheck
    }

    package init(points: [EngineCeilingPoint], utterances: [UtteranceDecodeTime], recheck: EngineCeilingPoint? = nil) {
        self.points = points
        self.utterances = utterances
        self.recheck = recheck
    }

    /// Word errors of the single decoder's whole-utterance texts against the transcripts.
    package var wordErrors: WordErrorRate {
        var errors = WordErrorRate()
        for utterance in utterances { errors.add(reference: utterance.reference, hypothesis: utterance.text) }
        return errors
    }

    /// The point for `decoders`, if measured.
    package func point(_ decoders: Int) -> EngineCeilingPoint? { points.first { $0.decoders == decoders } }

    /// The ceiling at `decoders` in audio-s/s: the mean of the section-1 point and the recheck.
    package func ceiling(_ decoders: Int) -> Double? {
        let values = [point(decoders), recheck?.decoders == decoders ? recheck : nil].compactMap { $0?.audioSecondsPerSecond }
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
