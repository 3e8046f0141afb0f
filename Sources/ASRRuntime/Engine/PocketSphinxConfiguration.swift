import ASRContracts
import Foundation

/// Everything needed to create identical PocketSphinx decoders: model files, search and any
/// further command-line options, plus the engine id that goes into cache keys.
public struct PocketSphinxConfiguration: Sendable, Hashable {
    /// Engine id used in cache keys, e.g. `pocketsphinx-en-us`. Two configurations that can
    /// produce different text for the same audio must have different ids.
    public var engineID: String
    /// Acoustic model directory (`-hmm`).
    public var acousticModel: String
    /// Pronunciation dictionary (`-dict`).
    public var dictionary: String
    /// Language model or grammar.
    package var search: PocketSphinxSearch
    /// Further PocketSphinx options as name/value pairs, e.g. `["-vad_threshold", "3.0"]`.
    /// Unknown or duplicated options make decoder creation fail.
    public var extraArguments: [String]

    /// A configuration from explicit paths.
    package init(
        engineID: String,
        acousticModel: String,
        dictionary: String,
        search: PocketSphinxSearch,
        extraArguments: [String] = []
    ) {
        self.engineID = engineID
        self.acousticModel = acousticModel
        self.dictionary = dictionary
        self.search = search
        self.extraArguments = extraArguments
    }

    /// A configuration for a model directory laid out as Debian's `pocketsphinx-en-us`:
    /// for a directory named `L`, the acoustic model `L/L/`, the language model `L/L.lm.bin`
    /// and the dictionary `L/cmudict-L.dict`. The engine id is `pocketsphinx-L`.
    public init(modelDirectory: String, extraArguments: [String] = []) {
        let directory = URL(fileURLWithPath: modelDirectory, isDirectory: true)
        let name = directory.lastPathComponent
        self.init(
            engineID: "pocketsphinx-\(name)",
            acousticModel: directory.appendingPathComponent(name, isDirectory: true).path,
            dictionary: directory.appendingPathComponent("cmudict-\(name).dict").path,
            search: .languageModel(directory.appendingPathComponent("\(name).lm.bin").path),
            extraArguments: extraArguments
        )
    }

    /// The language the models recognise, from the model directory's name (`en-us` → `en`).
    package var language: String {
        let model = engineID.hasPrefix("pocketsphinx-") ? String(engineID.dropFirst("pocketsphinx-".count)) : engineID
        return String(model.prefix { $0.isLetter }).lowercased()
    }

    /// The configuration for the runtime's `ASR_MODEL_DIR`, searching at its `ASR_SEARCH_LEVEL`.
    public init(runtime: RuntimeConfiguration) {
        self = PocketSphinxConfiguration(modelDirectory: runtime.modelDirectory).searching(at: runtime.searchLevel)
    }

    /// US English from Debian's `pocketsphinx-en-us` package.
    public static let englishUS = PocketSphinxConfiguration(modelDirectory: "/usr/share/pocketsphinx/model/en-us")

    /// The same models searching a JSGF grammar instead of the language model. The engine id
    /// gains `+jsgf-<grammar file name>` so its results never share cache entries with dictation.
    public func withGrammar(_ path: String) -> PocketSphinxConfiguration {
        var copy = self
        copy.search = .grammar(path)
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        copy.engineID = "\(engineID)+jsgf-\(name)"
        return copy
    }

    /// The same models searching with `level`'s options (`SearchLevel.pocketSphinxArguments`)
    /// added to the extra arguments. Every level but `accurate` — the model's own search, the
    /// engine as it was before levels — adds `+<level>` to the engine id, so results cached from
    /// one level are never served for another.
    public func searching(at level: SearchLevel) -> PocketSphinxConfiguration {
        var copy = self
        copy.extraArguments += level.pocketSphinxArguments
        if level != .accurate { copy.engineID = "\(engineID)+\(level.rawValue)" }
        return copy
    }

    /// The same configuration with PocketSphinx option `option` (e.g. `-fwdflat`) set to
    /// `value`: replaced where the extra arguments already set it, added otherwise (PocketSphinx
    /// refuses an option given twice).
    package func setting(_ option: String, to value: String) -> PocketSphinxConfiguration {
        var copy = self
        if let index = stride(from: 0, to: extraArguments.count - 1, by: 2).first(where: { extraArguments[$0] == option }) {
            copy.extraArguments[index + 1] = value
        } else {
            copy.extraArguments += [option, value]
        }
        return copy
    }

    /// The PocketSphinx command line this configuration stands for.
    public var arguments: [String] {
        var arguments = ["-hmm", acousticModel, "-dict", dictionary]
        switch search {
        case .languageModel(let path): arguments += ["-lm", path]
        case .grammar(let path): arguments += ["-jsgf", path]
        }
        return arguments + extraArguments
    }

    /// The command line without the search (`-lm` / `-jsgf`): for a decoder that is handed a
    /// shared language model after `ps_init`.
    var argumentsWithoutSearch: [String] {
        ["-hmm", acousticModel, "-dict", dictionary] + extraArguments
    }

    /// The model files this configuration needs, each with what it is for.
    var requiredFiles: [(role: String, path: String)] {
        var files = [("acoustic model", acousticModel), ("dictionary", dictionary)]
        switch search {
        case .languageModel(let path): files.append(("language model", path))
        case .grammar(let path): files.append(("grammar", path))
        }
        return files
    }
}
