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
    public var language: String
    public var modelDirectory: String
    /// `ASR_AUTH_TOKENS`, split at commas.
    public var authTokens: [String]
    /// `ASR_ALLOWED_DEVICES`, split at commas and lowercased.
    public var allowedDevices: [String]
    /// Seconds of audio a device stream collects before a decoder job takes it while every
    /// decoder is busy (why 0.48: `DeviceStreams.jobAudioSeconds`). Not an `ASR_*` setting — a
    /// measured setting, not one to tune per deployment; tests stretch it to watch the
    /// idle-decoder rule alone.
    public var streamJobAudioSeconds = 0.48

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
    }

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
        language = settings.text(S.language.id)
        modelDirectory = settings.text(S.modelDirectory.id)
        authTokens = settings.commaSeparated(S.authTokens.id)
        allowedDevices = settings.commaSeparated(S.allowedDevices.id).map { $0.lowercased() }
    }

    /// The configuration with every setting at its default.
    public static var defaults: RuntimeConfiguration {
        // The defaults are in range and ordered by construction; a failure here is a bug in `RuntimeSettings`.
        try! RuntimeConfiguration(environment: [:])
    }
}
