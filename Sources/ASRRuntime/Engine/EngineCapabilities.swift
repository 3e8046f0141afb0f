/// What one speech engine offers, as the service needs to know it to route and stream.
package struct EngineCapabilities: Sendable, Equatable {
    /// `pocketsphinx` or `upstream`: the name routes (`ASR_ENGINE_ROUTES`) use.
    package var name: String
    /// The languages it recognises (ISO 639-1, e.g. `en`, `zh`); empty when the model decides
    /// (a multilingual upstream takes whatever the request names).
    package var languages: [String]
    /// Whether it decodes audio as it arrives, fed chunk by chunk while a device speaks
    /// (PocketSphinx), or only whole utterances, sent when they end (an upstream).
    package var decodesIncrementally: Bool
    /// The longest utterance it accepts, seconds; nil when only the service's own limit applies.
    package var maximumAudioSeconds: Double?

    package init(name: String, languages: [String], decodesIncrementally: Bool, maximumAudioSeconds: Double? = nil) {
        self.name = name
        self.languages = languages
        self.decodesIncrementally = decodesIncrementally
        self.maximumAudioSeconds = maximumAudioSeconds
    }

    /// Whether a request in `language` can go to this engine.
    package func serves(_ language: String) -> Bool {
        languages.isEmpty || languages.contains { $0.caseInsensitiveCompare(language) == .orderedSame }
    }
}
