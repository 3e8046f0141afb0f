import ASRContracts
import ASRRuntime

extension Benchmark {
    /// The option sets §9 measures: the three levels (`accurate` first, today's default and
    /// every ratio's denominator), then single knobs and combinations tried beside them, so
    /// the table shows what each level's options buy and what the ones not taken would have.
    static let searchCandidates: [SearchCandidate] =
        SearchLevel.allCases.map(SearchCandidate.init(level:)) + [
            // The second pass alone: its streamed column measures accurate's work again (streams
            // skip the pass anyway), so its ratio shows the noise of the figures.
            SearchCandidate(name: "no second pass", arguments: ["-fwdflat", "no"]),
            SearchCandidate(name: "HMM cap, second pass kept", arguments: ["-maxhmmpf", "3000"]),
            SearchCandidate(name: "2 Gaussians", arguments: ["-fwdflat", "no", "-topn", "2"]),
            SearchCandidate(name: "every 2nd frame", arguments: ["-fwdflat", "no", "-ds", "2"]),
        ]

    /// §9: the search sweep, in this process.
    func searchLevels() throws -> SearchLevelsResult {
        let budget = options.budget
        var sweptCorpus = corpus
        if let count = budget.searchUtterances { sweptCorpus.utterances = Array(corpus.utterances.prefix(count)) }
        let sweep = SearchSweep(corpus: sweptCorpus, candidates: Self.searchCandidates, repetitions: budget.searchRepetitions)
        let loadBefore = ProcessProbe.loadAverage()
        let candidates = try sweep.run { self.progress($0) }
        return SearchLevelsResult(
            repetitions: sweep.repetitions,
            chunkBytes: sweep.chunkBytes,
            defaultLevel: .standard,
            candidates: candidates,
            loadAverageStart: loadBefore,
            loadAverageEnd: ProcessProbe.loadAverage()
        )
    }
}
