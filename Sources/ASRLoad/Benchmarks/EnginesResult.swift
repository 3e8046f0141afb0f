/// Section 8: the corpus through PocketSphinx in process, through upstream engines directly and
/// through asrctl in front of them; asrctl's added latency, paired; an upstream result from
/// asrctl's cache. Upstreams: a second `asrctl serve` (always) and faster-whisper (when
/// `make engines-check` has made its venv).
package struct EnginesResult: Codable, Sendable, Equatable {
    /// Every path measured, grouped by engine: in process first, then each upstream direct and
    /// through asrctl.
    package var paths: [EnginePathResult]
    package var addedLatency: [AddedLatencyResult]
    /// Sequential requests through asrctl answered from its L1 with an upstream's result.
    package var cacheHits: LatencyPercentiles?
    /// Of those, answers that were not an L1 hit from the upstream engine.
    package var cacheMisses: Int
    /// `GET /health` on the same connection right after: the HTTP round trip alone, under the
    /// same load, to read the cache hits against.
    package var healthRoundTrip: LatencyPercentiles?
    /// How each upstream and the asrctl in front of it were started, for the record.
    package var setups: [String]
    /// Why faster-whisper was not measured, when it was not.
    package var whisperSkipped: String?
    /// Corpus utterance ids and transcripts, in the order of `EnginePathResult.texts`.
    package var utteranceIDs: [String]
    package var references: [String]

    enum CodingKeys: String, CodingKey {
        case paths, setups, references
        case addedLatency = "added_latency"
        case cacheHits = "cache_hits"
        case cacheMisses = "cache_misses"
        case healthRoundTrip = "health_round_trip"
        case whisperSkipped = "whisper_skipped"
        case utteranceIDs = "utterance_ids"
    }

    package init(
        paths: [EnginePathResult] = [],
        addedLatency: [AddedLatencyResult] = [],
        cacheHits: LatencyPercentiles? = nil,
        cacheMisses: Int = 0,
        healthRoundTrip: LatencyPercentiles? = nil,
        setups: [String] = [],
        whisperSkipped: String? = nil,
        utteranceIDs: [String] = [],
        references: [String] = []
    ) {
        self.paths = paths
        self.addedLatency = addedLatency
        self.cacheHits = cacheHits
        self.cacheMisses = cacheMisses
        self.healthRoundTrip = healthRoundTrip
        self.setups = setups
        self.whisperSkipped = whisperSkipped
        self.utteranceIDs = utteranceIDs
        self.references = references
    }

    /// The pairing judged against the targets: the upstream answering from its own cache, where
    /// the difference is asrctl's work alone; else the first measured.
    package var judgedAddedLatency: AddedLatencyResult? {
        addedLatency.first { !$0.upstreamDecoded && $0.added != nil } ?? addedLatency.first { $0.added != nil }
    }
}
