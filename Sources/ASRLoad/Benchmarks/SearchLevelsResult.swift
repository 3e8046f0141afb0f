import ASRContracts

/// Section 9: the search sweep's candidates, the levels among them, and what today's default
/// (`accurate`, the model's own search) is compared with.
package struct SearchLevelsResult: Codable, Sendable, Equatable {
    /// Passes over the corpus per candidate and path, interleaved round-robin.
    package var repetitions: Int
    /// `ASR_CHUNK_SIZE` of the streamed path, bytes.
    package var chunkBytes: Int
    /// The level the runtime uses when `ASR_SEARCH_LEVEL` is not set.
    package var defaultLevel: SearchLevel
    package var candidates: [SearchCandidateResult]
    /// Host load average (1 min) before and after the sweep.
    package var loadAverageStart: Double?
    package var loadAverageEnd: Double?

    enum CodingKeys: String, CodingKey {
        case repetitions, candidates
        case chunkBytes = "chunk_bytes"
        case defaultLevel = "default_level"
        case loadAverageStart = "load_average_start"
        case loadAverageEnd = "load_average_end"
    }

    package init(
        repetitions: Int,
        chunkBytes: Int,
        defaultLevel: SearchLevel,
        candidates: [SearchCandidateResult],
        loadAverageStart: Double? = nil,
        loadAverageEnd: Double? = nil
    ) {
        self.repetitions = repetitions
        self.chunkBytes = chunkBytes
        self.defaultLevel = defaultLevel
        self.candidates = candidates
        self.loadAverageStart = loadAverageStart
        self.loadAverageEnd = loadAverageEnd
    }

    /// Today's default, every ratio's denominator: the `accurate` level.
    package var baseline: SearchCandidateResult? { level(.accurate) }

    /// The candidate that is `level`.
    package func level(_ level: SearchLevel) -> SearchCandidateResult? { candidates.first { $0.candidate.level == level } }

    /// Whether no other candidate is at least as good on both CPU per audio second and word
    /// errors of `path`, and better on one.
    package func isOnFront(_ result: SearchCandidateResult, path: KeyPath<SearchCandidateResult, SearchPathResult>) -> Bool {
        let own = result[keyPath: path]
        return !candidates.contains { other in
            let theirs = other[keyPath: path]
            let cpu = theirs.cpuPerAudioSecond
            let errors = theirs.wordErrors.errors
            return cpu <= own.cpuPerAudioSecond && errors <= own.wordErrors.errors
                && (cpu < own.cpuPerAudioSecond || errors < own.wordErrors.errors)
        }
    }
}
