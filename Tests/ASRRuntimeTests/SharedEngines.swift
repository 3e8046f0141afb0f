import ASRRuntime

/// Engines shared by the recognition suites so each model loads once per test process.
/// They are never shut down; the process exit releases them.
enum SharedEngines {
    private static let dictationEngine = PocketSphinxEngine(configuration: .englishUS, workerCount: 1)
    private static let dictationPairEngine = PocketSphinxEngine(configuration: .englishUS, workerCount: 2)
    private static let cardsEngine = PocketSphinxEngine(
        configuration: PocketSphinxConfiguration.englishUS.withGrammar(TestCorpus.cardsGrammar),
        workerCount: 1
    )

    /// US English dictation (language model), one decoder thread.
    static func dictation() async throws -> PocketSphinxEngine {
        try await dictationEngine.start()
        return dictationEngine
    }

    /// US English dictation, two decoder threads.
    static func dictationPair() async throws -> PocketSphinxEngine {
        try await dictationPairEngine.start()
        return dictationPairEngine
    }

    /// The cards grammar, one decoder thread.
    static func cards() async throws -> PocketSphinxEngine {
        try await cardsEngine.start()
        return cardsEngine
    }
}
