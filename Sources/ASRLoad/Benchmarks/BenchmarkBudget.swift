/// How long each measurement runs, in seconds (or requests). `full` keeps the whole
/// `make bench` (with its ~5 min release build) under 15 minutes on a 2-core machine;
/// `quick` is a smoke run of every code path in about a minute.
package struct BenchmarkBudget: Codable, Sendable, Equatable {
    /// Seconds each engine-ceiling point (N decoders) decodes for; the single-decoder point
    /// always completes at least one pass over the corpus (it times every utterance).
    package var engineSeconds: Double
    /// Seconds of each closed-loop load level (after its warm-up).
    package var loadSeconds: Double
    /// Seconds of the load for each value a runtime setting is tried with (§6).
    package var settingSeconds: Double
    /// Sequential cache hits timed per cache level.
    package var cacheHits: Int
    /// Seconds of each overload run (memory section, peer 2× overload).
    package var overloadSeconds: Double
    /// §8: corpus utterances sent to each upstream (nil: all of them).
    package var engineUtterances: Int?
    /// §8: passes over those utterances with the upstream asrctl decoding (each pass one pair per utterance).
    package var enginePasses: Int
    /// §8: pairs with the upstream asrctl answering from its own cache (asrctl's added latency alone).
    package var cachedPairs: Int
    /// §8: of the utterances, how many go to faster-whisper (nil: all; ~2 s each, twice).
    package var whisperUtterances: Int?
    /// §9: passes over the corpus per search candidate and path.
    package var searchRepetitions: Int
    /// §9: corpus utterances decoded (nil: all of them).
    package var searchUtterances: Int?

    package init(
        engineSeconds: Double,
        loadSeconds: Double,
        settingSeconds: Double,
        cacheHits: Int,
        overloadSeconds: Double,
        engineUtterances: Int?,
        enginePasses: Int,
        cachedPairs: Int,
        whisperUtterances: Int?,
        searchRepetitions: Int,
        searchUtterances: Int?
    ) {
        self.engineSeconds = engineSeconds
        self.loadSeconds = loadSeconds
        self.settingSeconds = settingSeconds
        self.cacheHits = cacheHits
        self.overloadSeconds = overloadSeconds
        self.engineUtterances = engineUtterances
        self.enginePasses = enginePasses
        self.cachedPairs = cachedPairs
        self.whisperUtterances = whisperUtterances
        self.searchRepetitions = searchRepetitions
        self.searchUtterances = searchUtterances
    }

    /// The published run: about 7 minutes of measuring on 2 cores, so that `make bench` on a
    /// fresh machine (a clean release build takes 5–7 minutes here) stays under 15 minutes.
    package static let full = BenchmarkBudget(
        engineSeconds: 10,
        loadSeconds: 8,
        settingSeconds: 6,
        cacheHits: 1000,
        overloadSeconds: 8,
        engineUtterances: nil,
        enginePasses: 2,
        cachedPairs: 300,
        whisperUtterances: nil,
        searchRepetitions: 2,
        searchUtterances: nil
    )
    /// `--quick`: every code path, short runs; figures are indicative only.
    package static let quick = BenchmarkBudget(
        engineSeconds: 3,
        loadSeconds: 2.5,
        settingSeconds: 2,
        cacheHits: 150,
        overloadSeconds: 2.5,
        engineUtterances: 4,
        enginePasses: 1,
        cachedPairs: 60,
        whisperUtterances: 2,
        searchRepetitions: 1,
        searchUtterances: 3
    )
}
