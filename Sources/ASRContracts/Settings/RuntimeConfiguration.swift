import Foundation

/// The runtime's settings, read from `ASR_*` environment variables through `RuntimeSettings`.
public struct RuntimeConfiguration: Sendable, Hashable {
    public var maxConcurrent: Int
    public var queueSize: Int
    public var workerThreads: Int
    public var batchSize: Int
    public var maxMemoryMB: Int
    public var memoryWarningMB: Int
    public var memoryCriticalMB: Int
    public var enableMemoryPool: Bool
    public var memoryPoolSize: Int
    public var memoryPoolBufferKB: Int
    public var memoryPoolPrealloc: Bool
    public var cacheSizeMB: Int
    public var cacheTTL: Int
    public var redisURL: String
    public var redisKeyPrefix: String
    public var chunkSize: Int
    public var overlapSize: Int
    public var enableAggressiveGC: Bool
    public var gcInterval: Int
    public var networkTimeout: Int
    public var host: String
    public var port: Int
    /// `ASR_FUNASR_PORT`: the FunASR WebSocket protocol's port; 0 when it is off.
    public var funASRPort: Int
    public var language: String
    public var modelDirectory: String
    /// `ASR_SEARCH_LEVEL`: how hard PocketSphinx searches (its options per level: `SearchLevel`).
    public var searchLevel: SearchLevel
    /// `ASR_AUTH_TOKENS`, split at commas.
    public var authTokens: [String]
    /// `ASR_ALLOWED_DEVICES`, split at commas and lowercased.
    public var allowedDevices: [String]
    /// `ASR_ENGINE`: `pocketsphinx` or `upstream`.
    public var engine: String
    /// `ASR_ENGINE_ROUTES` as written (`zh=upstream,en=pocketsphinx`).
    public var engineRoutes: String
    public var upstreamURL: String
    /// `ASR_UPSTREAM_PROTOCOL`: `openai` or `funasr-ws`.
    public var upstreamProtocol: UpstreamProtocol
    public var upstreamModel: String
    /// `ASR_UPSTREAM_API_KEY_FILE`: where the key is; the key is read when the runtime starts.
    public var upstreamAPIKeyFile: String
    /// `ASR_UPSTREAM_TIMEOUT` as set; 0 means `networkTimeout` (see `upstreamTimeoutSeconds`).
    public var upstreamTimeout: Int
    /// `ASR_UPSTREAM_MAX_IN_FLIGHT` as set; 0 means `maxConcurrent` (see `upstreamRequestLimit`).
    public var upstreamMaxInFlight: Int
    /// Seconds of audio a device stream collects before a decoder job takes it (why 0.12:
    /// `DeviceStreams.jobAudioSeconds`). Not an `ASR_*` setting — a measured setting, not one to
    /// tune per deployment; tests stretch it.
    public var streamJobAudioSeconds = 0.12
    /// How far behind real time the decoders may fall for device streams before a stream that
    /// starts listening is told `busy` (`DeviceStreams.busyLagSeconds`). Not an `ASR_*` setting
    /// either; tests shorten it. Why 5 s: an answer later than that is worse than asking again,
    /// and a shorter bound refused utterances of a lightly loaded runtime (7 devices at a third of
    /// the ceiling) whenever the machine's other work held the decoders back for 2 s.
    public var streamBusyLagSeconds = 5.0

    /// Reads every runtime setting from `environment`, falling back to its default.
    /// - Throws: `SettingValueError` for the first value that is malformed or out of range, or
    ///   `RuntimeConfigurationError` when the memory thresholds are out of order.
    public init(environment: [String: String]) throws {
        var values: [String: SettingValue] = [:]
        for setting in RuntimeSettings.all {
            values[setting.id] = try environment[setting.id].map(setting.parse) ?? setting.defaultValue
        }
        self.init(reading: SettingReader(values))
        guard memoryWarningMB < memoryCriticalMB, memoryCriticalMB < maxMemoryMB else {
            throw RuntimeConfigurationError.memoryThresholdsOutOfOrder(
                warning: memoryWarningMB,
                critical: memoryCriticalMB,
                max: maxMemoryMB
            )
        }
        if let problem = upstreamProblem { throw RuntimeConfigurationError.upstream(problem.message) }
    }

    /// What is wrong with the upstream settings, if anything, and the setting to correct: an
    /// upstream is used (as `ASR_ENGINE` or in a route) without an address, the address's scheme
    /// is not its protocol's (http(s) for `openai`, ws(s) for `funasr-ws`), or `openai`'s model
    /// is missing.
    public var upstreamProblem: (setting: String, message: String)? {
        let url = upstreamURL.trimmingCharacters(in: .whitespaces)
        if url.isEmpty {
            guard engine == "upstream" || enginesInUse.contains("upstream") else { return nil }
            return ("ASR_UPSTREAM_URL", "ASR_ENGINE or ASR_ENGINE_ROUTES uses the upstream engine, but ASR_UPSTREAM_URL is empty")
        }
        let schemes = upstreamProtocol.schemes
        guard let parsed = URL(string: url), schemes.contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
            return (
                "ASR_UPSTREAM_URL",
                "ASR_UPSTREAM_URL \"\(url)\" is not a \(schemes.map { "\($0)://" }.joined(separator: " or ")) address, as ASR_UPSTREAM_PROTOCOL \(upstreamProtocol.rawValue) needs"
            )
        }
        // The FunASR protocol names no model: the server has the one it loaded.
        if upstreamProtocol == .openAI, upstreamModel.trimmingCharacters(in: .whitespaces).isEmpty {
            return ("ASR_UPSTREAM_MODEL", "ASR_UPSTREAM_MODEL is empty; name the model the upstream serves (e.g. whisper-1)")
        }
        return nil
    }

    /// The engine names requests can reach: `ASR_ENGINE` when no routes are set, else the
    /// routes' engines (unparseable routes: `ASR_ENGINE`, the runtime refuses them anyway).
    private var enginesInUse: Set<String> {
        guard let routes = try? EngineRoutes(parsing: engineRoutes), !routes.isEmpty else { return [engine] }
        return routes.engineNamesUsed
    }

    /// The upstream's API key, read from `ASR_UPSTREAM_API_KEY_FILE` (surrounding whitespace
    /// dropped); nil when no file is named.
    /// - Throws: `RuntimeConfigurationError.upstream` when the file cannot be read or is empty —
    ///   naming the file, never its contents.
    public func upstreamAPIKey() throws(RuntimeConfigurationError) -> String? {
        let file = upstreamAPIKeyFile.trimmingCharacters(in: .whitespaces)
        guard !file.isEmpty else { return nil }
        guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw .upstream("ASR_UPSTREAM_API_KEY_FILE \(file) cannot be read")
        }
        let key = contents.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else { throw .upstream("ASR_UPSTREAM_API_KEY_FILE \(file) is empty") }
        return key
    }

    /// Whether PocketSphinx recognises anything: it is `ASR_ENGINE` and no routes are set, or a
    /// route names it. When not, the runtime loads no decoders and they cost no memory.
    public var usesPocketSphinx: Bool { enginesInUse.contains("pocketsphinx") }

    /// Whether any request can reach the upstream: it is `ASR_ENGINE` and no routes are set, or a
    /// route names it.
    public var usesUpstream: Bool { enginesInUse.contains("upstream") }

    /// The most one upstream recognition may take: `ASR_UPSTREAM_TIMEOUT`, or `ASR_NETWORK_TIMEOUT`.
    public var upstreamTimeoutSeconds: Int { upstreamTimeout > 0 ? upstreamTimeout : networkTimeout }

    /// Requests open to the upstream at once: `ASR_UPSTREAM_MAX_IN_FLIGHT`, or `ASR_MAX_CONCURRENT`.
    public var upstreamRequestLimit: Int { upstreamMaxInFlight > 0 ? upstreamMaxInFlight : maxConcurrent }

    /// Every runtime setting from `settings`, which holds a parsed value for each. How the values
    /// relate is not checked here: `asrctl validate` reports it, `init(environment:)` refuses it.
    package init(reading settings: SettingReader) {
        typealias S = RuntimeSettings
        maxConcurrent = settings.integer(S.maxConcurrent.id)
        queueSize = settings.integer(S.queueSize.id)
        workerThreads = settings.integer(S.workerThreads.id)
        batchSize = settings.integer(S.batchSize.id)
        maxMemoryMB = settings.integer(S.maxMemoryMB.id)
        memoryWarningMB = settings.integer(S.memoryWarningMB.id)
        memoryCriticalMB = settings.integer(S.memoryCriticalMB.id)
        enableMemoryPool = settings.boolean(S.enableMemoryPool.id)
        memoryPoolSize = settings.integer(S.memoryPoolSize.id)
        memoryPoolBufferKB = settings.integer(S.memoryPoolBufferKB.id)
        memoryPoolPrealloc = settings.boolean(S.memoryPoolPrealloc.id)
        cacheSizeMB = settings.integer(S.cacheSizeMB.id)
        cacheTTL = settings.integer(S.cacheTTL.id)
        redisURL = settings.text(S.redisURL.id)
        redisKeyPrefix = settings.text(S.redisKeyPrefix.id)
        chunkSize = settings.integer(S.chunkSize.id)
        overlapSize = settings.integer(S.overlapSize.id)
        enableAggressiveGC = settings.boolean(S.enableAggressiveGC.id)
        gcInterval = settings.integer(S.gcInterval.id)
        networkTimeout = settings.integer(S.networkTimeout.id)
        host = settings.text(S.host.id)
        port = settings.integer(S.port.id)
        funASRPort = settings.integer(S.funASRPort.id)
        language = settings.text(S.language.id)
        modelDirectory = settings.text(S.modelDirectory.id)
        searchLevel = SearchLevel(rawValue: settings.text(S.searchLevel.id)) ?? .standard
        authTokens = settings.commaSeparated(S.authTokens.id)
        allowedDevices = settings.commaSeparated(S.allowedDevices.id).map { $0.lowercased() }
        engine = settings.text(S.engine.id)
        engineRoutes = settings.text(S.engineRoutes.id)
        upstreamURL = settings.text(S.upstreamURL.id)
        upstreamProtocol = UpstreamProtocol(rawValue: settings.text(S.upstreamProtocol.id)) ?? .openAI
        upstreamModel = settings.text(S.upstreamModel.id)
        upstreamAPIKeyFile = settings.text(S.upstreamAPIKeyFile.id)
        upstreamTimeout = settings.integer(S.upstreamTimeout.id)
        upstreamMaxInFlight = settings.integer(S.upstreamMaxInFlight.id)
    }

    /// The configuration with every setting at its default.
    public static var defaults: RuntimeConfiguration {
        // The defaults are in range and ordered by construction; a failure here is a bug in `RuntimeSettings`.
        try! RuntimeConfiguration(environment: [:])
    }
}
