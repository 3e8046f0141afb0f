/// Device streams whose language's engine takes whole utterances send them here; what goes
/// wrong comes back as an `UtteranceRefusal`, the stream's word for it.
extension RecognitionService: UtteranceRecognizer {
    /// The capabilities of `language`'s engine when it takes whole utterances only; nil when it
    /// decodes incrementally (PocketSphinx, fed while the device speaks).
    package func wholeUtteranceEngine(for language: String) throws(UtteranceRefusal) -> EngineCapabilities? {
        do {
            let capabilities = try router.engine(for: language).capabilities
            return capabilities.decodesIncrementally ? nil : capabilities
        } catch {
            throw UtteranceRefusal(code: error.code, message: error.description)
        }
    }

    package func recognize(utterance audio: PCMAudio, language: String) async throws -> Transcription {
        do {
            let engine = try router.engine(for: language)
            let outcome = try await recognizeAdmitted(audio, engine: engine, language: language, priority: .high, since: .now)
            return Transcription(text: outcome.text, confidence: outcome.confidence, decodeSeconds: outcome.latency, audioSeconds: audio.duration)
        } catch let rejection as Rejection {
            throw UtteranceRefusal(code: rejection.code, message: rejection.message)
        } catch let unserved as UnservedLanguage {
            throw UtteranceRefusal(code: unserved.code, message: unserved.description)
        } catch let error as SpeechEngineError {
            throw UtteranceRefusal(code: error.code, message: error.description)
        }
    }
}
