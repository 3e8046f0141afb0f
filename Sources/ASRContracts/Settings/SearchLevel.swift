/// How hard the in-process engine searches for the words in the audio (`ASR_SEARCH_LEVEL`):
/// a fixed set of PocketSphinx search options per level, chosen by measurement (`asrctl bench
/// --only search`, BENCHMARKS.md §9). A narrower search costs less CPU per audio second and
/// may recognise less well; each level has its own engine id, so cached text from one level is
/// never served for another.
public enum SearchLevel: String, Sendable, CaseIterable, Codable {
    /// The model's own search (PocketSphinx's defaults): what the runtime did before levels
    /// existed, for operators who want that back.
    case accurate
    /// The default: no second (flat-lexicon) pass and at most 3000 active HMMs per frame —
    /// about 0.5–0.6 of `accurate`'s CPU per audio second at the same word error rate.
    case balanced
    /// No second pass and at most 1500 active HMMs per frame: about 0.4 of `accurate`'s CPU;
    /// as accurate on the test corpus, with the least margin for harder audio. For the most
    /// devices per core (the high-load preset).
    case fast

    /// The level a runtime uses when `ASR_SEARCH_LEVEL` is not set.
    public static let standard = SearchLevel.balanced
}
