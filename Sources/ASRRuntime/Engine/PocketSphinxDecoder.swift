import CPocketSphinx
import Foundation
import Synchronization

/// Serialises decoder creation across the process. `ps_init` touches process-global state
/// (the sphinxbase log stream) and its model and grammar parsers are not documented as
/// thread-safe; creation takes ~0.3 s and happens only at start-up, so serialising it is cheap.
/// The protected value records whether PocketSphinx's global log has been silenced yet.
private let decoderCreation = Mutex<Bool>(false)

/// One PocketSphinx decoder: the only place the runtime touches the C API.
///
/// A decoder owns its `ps_decoder_t` and `cmd_ln_t` and frees both in `deinit`. It is
/// deliberately not `Sendable`: a decoder must be created, used and released by exactly one
/// thread (the engine's workers each create their own on their own thread).
///
/// PocketSphinx's log is process-global; the first decoder created silences it
/// (`err_set_logfp(NULL)`) instead of passing `-logfn`, because `-logfn` makes every
/// `ps_init` close and reopen the shared log stream while other decoders may be writing to it.
public final class PocketSphinxDecoder {
    /// The configuration this decoder was created from.
    public let configuration: PocketSphinxConfiguration
    /// Seconds `ps_init` took to load the models (excluding any wait for another decoder's creation).
    public let loadSeconds: Double
    /// Whether an utterance is started and not yet ended.
    public private(set) var isInUtterance = false

    private let commandLine: OpaquePointer
    private let decoder: OpaquePointer
    /// The feature extractor's cepstral-mean-normalisation state as loaded, restored by
    /// `startStream()`: chunked `process` calls switch a decoder from batch to live CMN for
    /// good and carry the live mean from utterance to utterance, which would make later
    /// results depend on what the decoder heard before.
    private let initialNormalisation: Normalisation?

    private struct Normalisation {
        var type: cmn_type_t
        var mean: [mfcc_t]
        var sum: [mfcc_t]
        var frames: Int32
    }

    /// Loads the models and creates a decoder (~0.3 s and ~90 MB for en-us with its language model).
    /// - Throws: `SpeechEngineError.modelFileMissing`, `.invalidArguments` or `.decoderInitFailed`.
    public init(configuration: PocketSphinxConfiguration) throws(SpeechEngineError) {
        for (role, path) in configuration.requiredFiles where !FileManager.default.fileExists(atPath: path) {
            throw .modelFileMissing(role: role, path: path)
        }
        let arguments = configuration.arguments
        guard !configuration.extraArguments.contains("-logfn") else {
            // See the type's documentation: a per-decoder log file would race with other decoders.
            throw .invalidArguments(configuration.extraArguments)
        }
        let created: Result<(OpaquePointer, OpaquePointer, Double), SpeechEngineError> = decoderCreation.withLock { silenced in
            let started = ContinuousClock.now
            if !silenced {
                err_set_logfp(nil)
                silenced = true
            }
            // cmd_ln_parse_r copies the strings it keeps, so the argv copies can be freed after it.
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
            defer { argv.forEach { free($0) } }
            let parsed = argv.withUnsafeMutableBufferPointer { buffer in
                // strict = 1: unknown or duplicated options are errors, not silently ignored.
                cmd_ln_parse_r(nil, ps_args(), Int32(buffer.count), buffer.baseAddress, 1)
            }
            guard let parsed else { return .failure(.invalidArguments(arguments)) }
            guard let decoder = ps_init(parsed) else {
                cmd_ln_free_r(parsed)
                return .failure(.decoderInitFailed(arguments))
            }
            return .success((parsed, decoder, (ContinuousClock.now - started).seconds))
        }
        switch created {
        case .success(let (commandLine, decoder, loadSeconds)):
            self.commandLine = commandLine
            self.decoder = decoder
            self.loadSeconds = loadSeconds
            self.configuration = configuration
            self.initialNormalisation = Self.normalisation(of: decoder)
        case .failure(let error):
            throw error
        }
    }

    deinit {
        if isInUtterance { ps_end_utt(decoder) }
        ps_free(decoder)
        cmd_ln_free_r(commandLine)
    }

    /// Decodes one whole utterance (`full_utt`): the most accurate mode, and deterministic —
    /// noise and normalisation state are reset first (`startStream()`), so the result
    /// depends only on `samples`, not on what this decoder heard or streamed before.
    public func decode(_ samples: UnsafeBufferPointer<Int16>) throws(SpeechEngineError) -> DecoderHypothesis {
        guard !isInUtterance else { throw .decodeFailed("an utterance is already in progress on this decoder") }
        startStream()
        try startUtterance()
        do {
            _ = try process(samples, fullUtterance: true)
        } catch {
            _ = try? endUtterance()
            throw error
        }
        return try endUtterance()
    }

    /// Decodes one whole utterance; see `decode(_:)` for buffers.
    public func decode(_ audio: PCMAudio) throws(SpeechEngineError) -> DecoderHypothesis {
        try audio.samples.withUnsafeBufferPointer { (buffer) throws(SpeechEngineError) in try decode(buffer) }
    }

    // MARK: Streaming primitives

    /// Starts a new audio stream: forgets the noise estimate (`ps_start_stream`) and the
    /// cepstral mean kept across utterances, returning to the model's initial values and
    /// batch normalisation. Call it when a new device stream begins.
    public func startStream() {
        ps_start_stream(decoder)
        restore(initialNormalisation)
    }

    /// Returns the cepstral mean to the model's initial value (`-cmninit`), keeping the noise
    /// estimate and the VAD's state. For a stream that has been listening to background noise:
    /// the live mean learned from the noise would otherwise skew the next utterance.
    public func resetNormalisation() {
        restore(initialNormalisation)
    }

    /// Starts an utterance (`ps_start_utt`).
    public func startUtterance() throws(SpeechEngineError) {
        guard !isInUtterance else { throw .decodeFailed("an utterance is already in progress on this decoder") }
        guard ps_start_utt(decoder) >= 0 else { throw .decodeFailed("ps_start_utt failed") }
        isInUtterance = true
    }

    /// Feeds samples of the current utterance (`ps_process_raw`).
    /// - Parameter fullUtterance: true only when `samples` is the entire utterance.
    /// - Returns: whether the voice-activity detector considers speech under way
    ///   (`ps_get_in_speech`) after these samples.
    @discardableResult
    public func process(_ samples: UnsafeBufferPointer<Int16>, fullUtterance: Bool = false) throws(SpeechEngineError) -> Bool {
        guard isInUtterance else { throw .decodeFailed("process called outside an utterance") }
        if let base = samples.baseAddress, !samples.isEmpty {
            let searched = ps_process_raw(decoder, base, samples.count, 0, fullUtterance ? 1 : 0)
            guard searched >= 0 else { throw .decodeFailed("ps_process_raw returned \(searched)") }
        }
        return isInSpeech
    }

    /// Feeds samples of the current utterance; see `process(_:fullUtterance:)` for buffers.
    @discardableResult
    public func process(_ samples: [Int16], fullUtterance: Bool = false) throws(SpeechEngineError) -> Bool {
        try samples.withUnsafeBufferPointer { (buffer) throws(SpeechEngineError) in
            try process(buffer, fullUtterance: fullUtterance)
        }
    }

    /// Whether the last samples fed contained speech (`ps_get_in_speech`).
    public var isInSpeech: Bool { ps_get_in_speech(decoder) != 0 }

    /// The best hypothesis so far in the current utterance, without confidence.
    public var partialText: String {
        var score: Int32 = 0
        guard let text = ps_get_hyp(decoder, &score) else { return "" }
        return String(cString: text).trimmingCharacters(in: .whitespaces)
    }

    /// Ends the utterance (`ps_end_utt`) and returns its final hypothesis.
    public func endUtterance() throws(SpeechEngineError) -> DecoderHypothesis {
        guard isInUtterance else { throw .decodeFailed("endUtterance called outside an utterance") }
        isInUtterance = false
        guard ps_end_utt(decoder) >= 0 else { throw .decodeFailed("ps_end_utt failed") }
        return hypothesis()
    }

    /// The decoder's current CMN type and live-mean state (nil if it has no feature extractor).
    private static func normalisation(of decoder: OpaquePointer) -> Normalisation? {
        guard let features = ps_get_feat(decoder), let cmn = features.pointee.cmn_struct,
              let mean = cmn.pointee.cmn_mean, let sum = cmn.pointee.sum else { return nil }
        let length = Int(cmn.pointee.veclen)
        return Normalisation(
            type: features.pointee.cmn,
            mean: Array(UnsafeBufferPointer(start: mean, count: length)),
            sum: Array(UnsafeBufferPointer(start: sum, count: length)),
            frames: cmn.pointee.nframe)
    }

    private func restore(_ normalisation: Normalisation?) {
        guard let normalisation, let features = ps_get_feat(decoder), let cmn = features.pointee.cmn_struct,
              let mean = cmn.pointee.cmn_mean, let sum = cmn.pointee.sum,
              Int(cmn.pointee.veclen) == normalisation.mean.count else { return }
        features.pointee.cmn = normalisation.type
        for index in normalisation.mean.indices {
            mean[index] = normalisation.mean[index]
            sum[index] = normalisation.sum[index]
        }
        cmn.pointee.nframe = normalisation.frames
    }

    /// The final hypothesis of the last utterance, with the mean word posterior as confidence.
    private func hypothesis() -> DecoderHypothesis {
        var score: Int32 = 0
        let text = ps_get_hyp(decoder, &score).map { String(cString: $0) } ?? ""
        let logmath = ps_get_logmath(decoder)
        var posteriors: [Double] = []
        var segment = ps_seg_iter(decoder)
        while let current = segment {
            if let word = ps_seg_word(current), !Self.isFiller(word.pointee) {
                var acoustic: Int32 = 0, language: Int32 = 0, backoff: Int32 = 0
                let logPosterior = ps_seg_prob(current, &acoustic, &language, &backoff)
                posteriors.append(logmath_exp(logmath, logPosterior))
            }
            // ps_seg_next frees the iterator when it returns NULL.
            segment = ps_seg_next(current)
        }
        let confidence = posteriors.isEmpty ? 0 : min(1, max(0, posteriors.reduce(0, +) / Double(posteriors.count)))
        return DecoderHypothesis(
            text: text.split(separator: " ").joined(separator: " "),
            confidence: confidence,
            score: Int(score),
            frames: Int(ps_get_n_frames(decoder)))
    }

    /// Fillers and sentence markers (`<s>`, `</s>`, `<sil>`, `[NOISE]`, `++NOISE++`) start with one of `<[+`.
    private static func isFiller(_ first: CChar) -> Bool {
        first == CChar(UInt8(ascii: "<")) || first == CChar(UInt8(ascii: "[")) || first == CChar(UInt8(ascii: "+"))
    }
}
