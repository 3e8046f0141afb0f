import CPocketSphinx
import Foundation
import Synchronization

/// Serialises decoder creation across the process. `ps_init` touches process-global state
/// (the sphinxbase log stream) and its model and grammar parsers are not documented as
/// thread-safe; creation takes ~0.3 s and happens only at start-up, so serialising it is cheap.
/// The protected value records whether PocketSphinx's global log has been silenced yet.
///
/// It also guards the reference counts of a `SharedLanguageModel`'s instances, which sphinxbase
/// keeps as plain integers: every retain and release (decoder creation, `ps_free`, loading and
/// freeing the instances) happens under this lock.
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
///
/// A decoder created with a `SharedLanguageModel` does not load its own n-gram model (~31 MB of
/// the ~90 MB a decoder costs with en-us), and loads the dictionary cut to that model's words
/// (~12 MB less): its search scores with one of the shared instances,
/// chosen by `useLanguageModel(slot:)` — see `SharedLanguageModel` for why there is one
/// instance per decoder thread rather than one for the process.
///
/// Where such a stream decoder's memory goes (en-us, `-fwdflat no`; heaptrack's peak by call
/// site, December 2026), almost all of it sized by the 79,425 dictionary entries:
/// - the search's lexicon tree, 152,481 channels of ~110 bytes: 16.5 MB;
/// - the dictionary (entries, hash table, each word's string and phones): 9.6 MB;
/// - the search's own language-model set over the dictionary (hash table, word copies, word
///   map): ~7 MB; its per-word tables (active lists, channels, last transitions): ~6.4 MB;
/// - the acoustic model's Gaussians and tables: ~2.7 MB, plus the memory-mapped `mdef` and
///   `sendump`, ~2.8 MB of RSS at creation and ~1.9 MB more as senones are scored — shared
///   page cache, but counted in RSS once per decoder;
/// - per utterance, kept until the decoder is freed: the back-pointer table and its
///   right-context score stack (800,000 entries, 3.2 MB, after 7 s of speech), right-context
///   channels (~1 MB) and the lattice built when the utterance ends (~1.4 MB).
/// None of it can be shared through what libpocketsphinx 5prealpha exports (`ps_init` always
/// builds its own dictionary, tree and acoustic model; the structures that would let two
/// decoders share a dictionary are not in its installed headers), and the knobs that shrink the
/// per-utterance part (`-bestpath no`, beams) change the words. What is saved instead: the
/// blocks' allocator overhead (jemalloc, see `ProcessMemory`; ~6 MB) and a duplicate entry in
/// the language-model set (`attach`; ~0.45 MB).
public final class PocketSphinxDecoder {
    /// One n-gram language model loaded once per decoder *thread* and used by every decoder,
    /// instead of once per decoder.
    ///
    /// Why not a single instance: sphinxbase's trie model (`lm_trie.c`, the only
    /// implementation `ngram_model_read` returns in 5prealpha) keeps a one-entry cache inside
    /// the model — `lm_trie_score` compares the history with `hist_cache` and rewrites
    /// `hist_cache` and `backoff_cache` on every full-order (trigram) score, without a lock.
    /// Two decoders scoring the same instance on two threads race on that cache and can read
    /// each other's back-off weights. So there are `slots` identical instances, one per decoder
    /// thread: each decoder's search holds all of them (an `ngram_model_set` with one entry per
    /// slot), and before a decoder runs on decoder thread *k* it selects instance *k*
    /// (`ngram_model_set_select`). An instance is then only ever scored by the one thread that
    /// owns its slot; the cache stays a correct cache because it is validated on every call.
    /// The instances are identical, so which slot a decoder uses never changes a score, even
    /// when an utterance's chunks run on different threads.
    ///
    /// What else a decoder's search does to the model is read-only (`ngram_wid` lookups, the
    /// per-decoder set's own word map); weights (`-lw`, `-wip`) are applied once, when an
    /// instance is read with the decoders' own command line. `ps_add_word` would add words to
    /// the shared model and is never called. The acoustic model and the dictionary cannot be
    /// shared through PocketSphinx's public API (`ps_init` always loads its own), so they are not.
    ///
    /// The dictionary can be made smaller, though (`narrowsDictionary`): the n-gram search
    /// never considers a dictionary word the language model does not know (fwdtree, fwdflat
    /// and the single-phone list all skip words without `ngram_model_set_known_wid`), yet each
    /// decoder builds its dictionary, triphone map and search arrays for every one. en-us's
    /// cmudict has 134,723 entries of which 79,420 are words of the model's 72,547; decoders get
    /// a copy of the dictionary with only those, ~12 MB less per decoder, same results. The copy
    /// is written once to the temporary directory under a name derived from both files' paths,
    /// sizes and modification times, and reused by later processes rather than piling up.
    ///
    /// The instances are read when the first decoder that uses them is created (under the
    /// process-wide creation lock) and freed when the last decoder and this object are gone.
    public final class SharedLanguageModel: @unchecked Sendable {
        /// The language model file (`.lm.bin` or ARPA) every instance is read from.
        public let path: String
        /// Instances: one per decoder thread that may run a decoder using this model.
        public let slots: Int
        /// Whether decoders get their dictionary cut to the words this model knows.
        public let narrowsDictionary: Bool
        /// Read once, under `decoderCreation`, and only read or freed under it afterwards.
        private var models: [OpaquePointer] = []
        private var logmath: OpaquePointer?
        private var loadSeconds = 0.0
        /// Dictionary path → the narrowed copy decoders load instead (the same path if it
        /// could not be written). Under `decoderCreation`.
        private var narrowed: [String: String] = [:]

        /// A model to share between decoders that search `path`, with `slots` instances.
        public init(path: String, slots: Int, narrowsDictionary: Bool = true) {
            precondition(slots >= 1, "at least one language-model slot")
            self.path = path
            self.slots = slots
            self.narrowsDictionary = narrowsDictionary
        }

        /// The shared model for `configuration`'s language model, or nil when it searches a grammar.
        public convenience init?(configuration: PocketSphinxConfiguration, slots: Int, narrowsDictionary: Bool = true) {
            guard case .languageModel(let path) = configuration.search else { return nil }
            self.init(path: path, slots: slots, narrowsDictionary: narrowsDictionary)
        }

        /// The dictionaries decoders load instead of the configured ones: configured path →
        /// narrowed copy (empty until a decoder has been created).
        public var narrowedDictionaries: [String: String] { decoderCreation.withLock { _ in narrowed } }

        /// The dictionary a decoder configured with `path` loads: `path` cut to the model's
        /// words, written on first use. Called only with `decoderCreation` held, after loading.
        fileprivate func dictionary(for path: String) -> String {
            guard narrowsDictionary, let model = models.first else { return path }
            if let known = narrowed[path] { return known }
            let copy = Self.narrow(dictionary: path, languageModel: self.path, to: model) ?? path
            narrowed[path] = copy
            return copy
        }

        /// Writes the entries of `dictionary` whose word (without a `(2)` variant mark) is in
        /// `model`'s vocabulary (read from `languageModel`) to a file in the temporary
        /// directory, or finds the one an earlier process wrote; nil if that fails.
        private static func narrow(dictionary: String, languageModel: String, to model: OpaquePointer) -> String? {
            // Same inputs, same name: FNV-1a over both files' paths, sizes and modification times.
            var identity = ""
            for file in [dictionary, languageModel] {
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: file) else { return nil }
                let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
                let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                identity += "\(file)|\(size)|\(modified)|"
            }
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in identity.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            let name = "asr-narrowed-\(String(hash, radix: 16))-\(URL(fileURLWithPath: dictionary).lastPathComponent)"
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent(name)
            if let size = (try? FileManager.default.attributesOfItem(atPath: copy.path))?[.size] as? NSNumber, size.intValue > 0 {
                return copy.path
            }
            guard let counts = ngram_model_get_counts(model),
                let text = try? String(contentsOfFile: dictionary, encoding: .utf8)
            else { return nil }
            var vocabulary = Set<Substring>()
            for wid in 0..<Int32(clamping: counts[0]) {
                if let word = ngram_word(model, wid) { vocabulary.insert(Substring(String(cString: word))) }
            }
            var kept: [Substring] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
                guard let entry = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first else { continue }
                let word = entry.firstIndex(of: "(").map { entry[..<$0] } ?? entry
                if vocabulary.contains(word) { kept.append(line) }
            }
            do {
                // Atomically (a temporary file renamed): another process may be reading it.
                try (kept.joined(separator: "\n") + "\n").write(to: copy, atomically: true, encoding: .utf8)
            } catch {
                return nil
            }
            return copy.path
        }

        /// Whether the instances have been read (by the first decoder created with this model).
        public var isLoaded: Bool { decoderCreation.withLock { _ in !models.isEmpty } }

        /// Seconds reading all instances took (0 until loaded).
        public var instancesLoadSeconds: Double { decoderCreation.withLock { _ in loadSeconds } }

        /// The instances, read on first use with the decoders' own command line (for `-lw`,
        /// `-wip` and `-logbase`). Called only with `decoderCreation` held.
        fileprivate func loadedModels(commandLine: OpaquePointer) -> [OpaquePointer]? {
            if !models.isEmpty { return models }
            let started = ContinuousClock.now
            // As ps_init makes its own: the model's scores must be in the decoder's log base.
            guard
                let logmath = logmath_init(
                    cmd_ln_float_r(commandLine, "-logbase"),
                    0,
                    cmd_ln_int_r(commandLine, "-bestpath") != 0 ? 1 : 0
                )
            else { return nil }
            var loaded: [OpaquePointer] = []
            for _ in 0..<slots {
                guard let model = ngram_model_read(commandLine, path, NGRAM_AUTO, logmath) else {
                    for model in loaded { ngram_model_free(model) }
                    logmath_free(logmath)
                    return nil
                }
                loaded.append(model)
            }
            models = loaded
            self.logmath = logmath
            loadSeconds = (ContinuousClock.now - started).seconds
            return models
        }

        deinit {
            // Decoders hold this object, so none is left; the lock orders the refcount updates.
            decoderCreation.withLock { _ in
                for model in models { ngram_model_free(model) }
                if let logmath { logmath_free(logmath) }
            }
        }

        /// The name of slot `slot` inside each decoder's model set.
        fileprivate static func slotName(_ slot: Int) -> String { "slot-\(slot)" }
    }

    /// The configuration this decoder was created from.
    public let configuration: PocketSphinxConfiguration
    /// Seconds `ps_init` took to load the models (excluding any wait for another decoder's creation).
    public let loadSeconds: Double
    /// Whether an utterance is started and not yet ended.
    public private(set) var isInUtterance = false
    /// The shared language model this decoder scores with, if it has none of its own.
    public let sharedLanguageModel: SharedLanguageModel?
    /// The shared model's instance in use (see `useLanguageModel(slot:)`); nil without one.
    public private(set) var languageModelSlot: Int?

    private let commandLine: OpaquePointer
    private let decoder: OpaquePointer
    /// The search's `ngram_model_set` over the shared instances (owned by the search).
    private let languageModelSet: OpaquePointer?
    /// Each slot's instance's name in `languageModelSet` (see `attach`); empty without one.
    private let slotNames: [String]
    /// The search that scores with the shared instances.
    private static let sharedSearchName = "shared-lm"
    /// The feature extractor's cepstral-mean-normalisation state as loaded, restored by
    /// `startStream()`: chunked `process` calls switch a decoder from batch to live CMN for
    /// good and carry the live mean from utterance to utterance, which would make later
    /// results depend on what the decoder heard before.
    private let initialNormalisation: Normalisation?

    /// A snapshot of the feature extractor's cepstral-mean-normalisation state: what a device
    /// stream carries from one listening period to the next (see `StreamRecognizer`).
    public struct Normalisation: Sendable, Equatable {
        var type: cmn_type_t
        var mean: [mfcc_t]
        var sum: [mfcc_t]
        var frames: Int32
    }

    /// Loads the models and creates a decoder (~0.3 s and ~90 MB for en-us with its language
    /// model; ~41 MB when the language model is shared and the dictionary narrowed to it).
    /// - Parameters:
    ///   - languageModel: a model shared with other decoders instead of loading one's own; it
    ///     must be `configuration`'s language model.
    ///   - slot: the shared model's instance to start with (the creating decoder thread's).
    /// - Throws: `SpeechEngineError.modelFileMissing`, `.invalidArguments` or `.decoderInitFailed`.
    public init(
        configuration: PocketSphinxConfiguration,
        languageModel: SharedLanguageModel? = nil,
        slot: Int = 0
    ) throws(SpeechEngineError) {
        for (role, path) in configuration.requiredFiles where !FileManager.default.fileExists(atPath: path) {
            throw .modelFileMissing(role: role, path: path)
        }
        guard !configuration.extraArguments.contains("-logfn") else {
            // See the type's documentation: a per-decoder log file would race with other decoders.
            throw .invalidArguments(configuration.extraArguments)
        }
        let arguments: [String]
        if let languageModel {
            guard case .languageModel(let path) = configuration.search, path == languageModel.path,
                (0..<languageModel.slots).contains(slot)
            else {
                throw .invalidArguments(
                    configuration.arguments + ["(shared language model \(languageModel.path), slot \(slot) of \(languageModel.slots))"]
                )
            }
            // Without -lm: ps_init then loads no n-gram model; the shared one is attached below.
            arguments = configuration.argumentsWithoutSearch
        } else {
            arguments = configuration.arguments
        }
        let created: Result<(OpaquePointer, OpaquePointer, Attached?, Double), SpeechEngineError> = decoderCreation.withLock { silenced in
            let started = ContinuousClock.now
            if !silenced {
                err_set_logfp(nil)
                silenced = true
            }
            guard var parsed = Self.parse(arguments) else { return .failure(.invalidArguments(arguments)) }
            if let languageModel {
                // The instances are read (on first use) with this command line: its weights and
                // log base. Then the dictionary is swapped for the copy cut to the model's words.
                guard languageModel.loadedModels(commandLine: parsed) != nil else {
                    cmd_ln_free_r(parsed)
                    return .failure(.decoderInitFailed(configuration.arguments))
                }
                let dictionary = languageModel.dictionary(for: configuration.dictionary)
                if dictionary != configuration.dictionary, let index = arguments.firstIndex(of: "-dict") {
                    var narrowed = arguments
                    narrowed[index + 1] = dictionary
                    guard let reparsed = Self.parse(narrowed) else {
                        cmd_ln_free_r(parsed)
                        return .failure(.invalidArguments(narrowed))
                    }
                    cmd_ln_free_r(parsed)
                    parsed = reparsed
                }
            }
            guard let decoder = ps_init(parsed) else {
                cmd_ln_free_r(parsed)
                return .failure(.decoderInitFailed(arguments))
            }
            var set: Attached?
            if let languageModel {
                set = Self.attach(languageModel, to: decoder, commandLine: parsed)
                guard set != nil else {
                    ps_free(decoder)
                    cmd_ln_free_r(parsed)
                    return .failure(.decoderInitFailed(configuration.arguments))
                }
            }
            return .success((parsed, decoder, set, (ContinuousClock.now - started).seconds))
        }
        switch created {
        case .success(let (commandLine, decoder, set, loadSeconds)):
            self.commandLine = commandLine
            self.decoder = decoder
            self.languageModelSet = set?.set
            self.slotNames = set?.slotNames ?? []
            self.sharedLanguageModel = languageModel
            self.loadSeconds = loadSeconds
            self.configuration = configuration
            self.initialNormalisation = Self.normalisation(of: decoder)
            if languageModel != nil {
                // Cannot fail: the set has every slot and the slot was checked above.
                try useLanguageModel(slot: slot)
            }
        case .failure(let error):
            throw error
        }
    }

    deinit {
        if sharedLanguageModel != nil {
            // Not ended first: ending an utterance scores the shared instance of the slot last
            // selected, which that slot's thread may be using now. ps_free does no search, and
            // it releases the shared instances, whose reference counts the lock guards.
            decoderCreation.withLock { _ in
                ps_free(decoder)
                cmd_ln_free_r(commandLine)
            }
        } else {
            if isInUtterance { ps_end_utt(decoder) }
            ps_free(decoder)
            cmd_ln_free_r(commandLine)
        }
    }

    /// Parses a PocketSphinx command line (nil if it is refused).
    private static func parse(_ arguments: [String]) -> OpaquePointer? {
        // cmd_ln_parse_r copies the strings it keeps, so the argv copies can be freed after it.
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        defer { for argument in argv { free(argument) } }
        return argv.withUnsafeMutableBufferPointer { buffer in
            // strict = 1: unknown or duplicated options are errors, not silently ignored.
            cmd_ln_parse_r(nil, ps_args(), Int32(buffer.count), buffer.baseAddress, 1)
        }
    }

    /// A search's set over the shared instances, and each slot's name in it.
    private typealias Attached = (set: OpaquePointer, slotNames: [String])

    /// Gives a decoder created without `-lm` a search over the shared instances: `ps_set_lm`
    /// wraps the first in a set private to this decoder, to which the other slots' instances are
    /// added. Returns the set and each slot's name in it, or nil if PocketSphinx refused.
    ///
    /// The first instance stays under the name the search gave it rather than being added again
    /// as a slot of its own: every entry of the set costs each decoder a column of the word map
    /// (4 bytes per dictionary word, plus the map's copy while it grows) — ~0.45 MB per stream
    /// decoder with two slots, measured.
    private static func attach(
        _ shared: SharedLanguageModel,
        to decoder: OpaquePointer,
        commandLine: OpaquePointer
    ) -> Attached? {
        guard let models = shared.loadedModels(commandLine: commandLine),
            ps_set_lm(decoder, sharedSearchName, models[0]) == 0,
            let set = ps_get_lm(decoder, sharedSearchName),
            ngram_model_set_count(set) == 1,
            let first = ngram_model_set_current(set)
        else { return nil }
        var names = [String(cString: first)]
        for (slot, model) in models.enumerated().dropFirst() {
            // ngram_model_set_add takes over the reference it is given; the word map the search
            // built is reused (reuse_widmap), mapping every dictionary word into the new entry.
            let name = SharedLanguageModel.slotName(slot)
            guard ngram_model_set_add(set, ngram_model_retain(model), name, 1.0, 1) != nil else { return nil }
            names.append(name)
        }
        guard ps_set_search(decoder, sharedSearchName) == 0 else { return nil }
        return (set, names)
    }

    /// How many language-model instances this decoder's search holds: the shared model's
    /// `slots` (0 with a model of its own).
    package var languageModelInstances: Int { languageModelSet.map { Int(ngram_model_set_count($0)) } ?? 0 }

    /// Scores with the shared language model's instance `slot` from now on: the instance of
    /// the decoder thread about to run this decoder. Cheap (a name lookup in the set); may be
    /// called mid-utterance, since every instance gives the same scores.
    /// - Throws: `SpeechEngineError.invalidArguments` if this decoder has its own language
    ///   model or `slot` is out of range.
    public func useLanguageModel(slot: Int) throws(SpeechEngineError) {
        guard let set = languageModelSet, let shared = sharedLanguageModel, (0..<shared.slots).contains(slot) else {
            throw .invalidArguments(["language-model slot \(slot)"])
        }
        guard slot != languageModelSlot else { return }
        guard ngram_model_set_select(set, slotNames[slot]) != nil else {
            throw .invalidArguments(["language-model slot \(slot)"])
        }
        languageModelSlot = slot
    }

    /// Decodes one whole utterance (`full_utt`): the most accurate mode, and deterministic —
    /// noise and normalisation state are reset first (`startStream()`), so the result
    /// depends only on `samples`, not on what this decoder heard or streamed before.
    package func decode(_ samples: UnsafeBufferPointer<Int16>) throws(SpeechEngineError) -> DecoderHypothesis {
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
    package func decode(_ audio: PCMAudio) throws(SpeechEngineError) -> DecoderHypothesis {
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

    /// The cepstral-mean state now: after `endUtterance`, the live mean learned from that utterance.
    public var normalisation: Normalisation? { Self.normalisation(of: decoder) }

    /// Sets the cepstral-mean state to `normalisation` (a snapshot of this model's state), or
    /// to the model's initial value (`-cmninit`) when nil; keeps the noise estimate and the
    /// VAD's state. For a stream that has been listening to background noise: the live mean
    /// learned from the noise would otherwise skew the next utterance.
    public func restoreNormalisation(_ normalisation: Normalisation?) {
        restore(normalisation ?? initialNormalisation)
    }

    /// Moves the live cepstral mean to the mean of the frames seen so far (`cmn_live_update`),
    /// mid-utterance: PocketSphinx otherwise updates it only when an utterance ends, so a whole
    /// utterance would be normalised with the mean of earlier ones. No effect under batch CMN.
    public func updateNormalisation() {
        guard let features = ps_get_feat(decoder), features.pointee.cmn == CMN_LIVE,
            let cmn = features.pointee.cmn_struct, cmn.pointee.nframe > 0
        else { return }
        cmn_live_update(cmn)
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
    package func endUtterance() throws(SpeechEngineError) -> DecoderHypothesis {
        guard isInUtterance else { throw .decodeFailed("endUtterance called outside an utterance") }
        isInUtterance = false
        guard ps_end_utt(decoder) >= 0 else { throw .decodeFailed("ps_end_utt failed") }
        return hypothesis()
    }

    /// The decoder's current CMN type and live-mean state (nil if it has no feature extractor).
    private static func normalisation(of decoder: OpaquePointer) -> Normalisation? {
        guard let features = ps_get_feat(decoder), let cmn = features.pointee.cmn_struct,
            let mean = cmn.pointee.cmn_mean, let sum = cmn.pointee.sum
        else { return nil }
        let length = Int(cmn.pointee.veclen)
        return Normalisation(
            type: features.pointee.cmn,
            mean: Array(UnsafeBufferPointer(start: mean, count: length)),
            sum: Array(UnsafeBufferPointer(start: sum, count: length)),
            frames: cmn.pointee.nframe
        )
    }

    private func restore(_ normalisation: Normalisation?) {
        guard let normalisation, let features = ps_get_feat(decoder), let cmn = features.pointee.cmn_struct,
            let mean = cmn.pointee.cmn_mean, let sum = cmn.pointee.sum,
            Int(cmn.pointee.veclen) == normalisation.mean.count
        else { return }
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
                var acoustic: Int32 = 0
                var language: Int32 = 0
                var backoff: Int32 = 0
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
            frames: Int(ps_get_n_frames(decoder))
        )
    }

    /// Fillers and sentence markers (`<s>`, `</s>`, `<sil>`, `[NOISE]`, `++NOISE++`) start with one of `<[+`.
    private static func isFiller(_ first: CChar) -> Bool {
        first == CChar(UInt8(ascii: "<")) || first == CChar(UInt8(ascii: "[")) || first == CChar(UInt8(ascii: "+"))
    }
}
