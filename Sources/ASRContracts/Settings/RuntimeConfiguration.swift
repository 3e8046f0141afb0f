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
        func value(_ setting: Setting) throws -> SettingValue {
            guard let raw = environment[setting.id] else { return setting.defaultValue! }
            return try setting.parse(raw)
        }
        func int(_ setting: Setting) throws -> Int { try value(setting).intValue! }
        func bool(_ setting: Setting) throws -> Bool { try value(setting).boolValue! }
        func string(_ setting: Setting) throws -> String { try value(setting).textValue! }

        maxConcurrent = try int(RuntimeSettings.maxConcurrent)
        queueSize = try int(RuntimeSettings.queueSize)
        workerThreads = try int(RuntimeSettings.workerThreads)
        batchSize = try int(RuntimeSettings.batchSize)
        maxMemoryMB = try int(RuntimeSettings.maxMemoryMB)
        memoryWarningMB = try int(RuntimeSettings.memoryWarningMB)
        memoryCriticalMB = try int(RuntimeSettings.memoryCriticalMB)
        enableMemoryPool = try bool(RuntimeSettings.enableMemoryPool)
        memoryPoolSize = try int(RuntimeSettings.memoryPoolSize)
        memoryPoolBufferKB = try int(RuntimeSettings.memoryPoolBufferKB)
        memoryPoolPrealloc = try bool(RuntimeSettings.memoryPoolPrealloc)
        cacheSizeMB = try int(RuntimeSettings.cacheSizeMB)
        cacheTTL = try int(RuntimeSettings.cacheTTL)
        redisURL = try string(RuntimeSettings.redisURL)
        redisKeyPrefix = try string(RuntimeSettings.redisKeyPrefix)
        chunkSize = try int(RuntimeSettings.chunkSize)
        overlapSize = try int(RuntimeSettings.overlapSize)
        enableAggressiveGC = try bool(RuntimeSettings.enableAggressiveGC)
        gcInterval = try int(RuntimeSettings.gcInterval)
        networkTimeout = try int(RuntimeSettings.networkTimeout)
        host = try string(RuntimeSettings.host)
        port = try int(RuntimeSettings.port)
        language = try string(RuntimeSettings.language)
        modelDirectory = try string(RuntimeSettings.modelDirectory)
        func list(_ setting: Setting) throws -> [String] {
            try string(setting).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        authTokens = try list(RuntimeSettings.authTokens)
        allowedDevices = try list(RuntimeSettings.allowedDevices).map { $0.lowercased() }

        guard memoryWarningMB < memoryCriticalMB, memoryCriticalMB < maxMemoryMB else {
            throw RuntimeConfigurationError.memoryThresholdsOutOfOrder(
                warning: memoryWarningMB,
                critical: memoryCriticalMB,
                max: maxMemoryMB
            )
        }
    }

    /// The configuration with every setting at its default.
    public static var defaults: RuntimeConfiguration {
        // The defaults are in range and ordered by construction; a failure here is a bug in `RuntimeSettings`.
        try! RuntimeConfiguration(environment: [:])
    }
}
