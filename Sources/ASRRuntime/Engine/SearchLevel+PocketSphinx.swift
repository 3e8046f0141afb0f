import ASRContracts

extension SearchLevel {
    /// The PocketSphinx options of this level, added to a decoder's command line. Chosen from
    /// the sweep of `asrctl bench --only search` (BENCHMARKS.md §9): CPU per audio second
    /// against word error rate, whole utterances and streamed Opus, in one run.
    ///
    /// `-maxhmmpf` carries the saving: it caps the HMMs the first pass keeps active per frame
    /// (the model's default, 30000, is ten times the balanced cap), pruning the frames where the
    /// beam lets the search spread — 0.5–0.65 of the CPU at 3000, 0.4 at 1500, the same word
    /// errors on the corpus (2 runs, 96 words). `-fwdflat no` drops the second (flat-lexicon)
    /// pass, which runs over the whole utterance after it ends: 2–10 % of the CPU here, and on
    /// this corpus no fewer errors. Fewer Gaussians
    /// (`-topn 2`) and every second frame (`-ds 2`), measured beside them, saved nothing.
    /// Device streams always add `-fwdflat no` (`DeviceStreams`).
    public var pocketSphinxArguments: [String] {
        switch self {
        case .accurate: []
        case .balanced: ["-fwdflat", "no", "-maxhmmpf", "3000"]
        case .fast: ["-fwdflat", "no", "-maxhmmpf", "1500"]
        }
    }
}
