import Foundation

/// The runtime's settings, read from `ASR_*` environment variables through the knob table.
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
    /// decoder is busy (why 0.48: `DeviceStreams.jobAudioSeconds`). Not an `ASR_*` knob — a
    /// measured setting, not one to tune per deployment; tests stretch it to watch the
    /// idle-decoder rule alone.
    public var streamJobAudioSeconds = 0.48

    /// Reads every knob from `environment`, falling back to its default.
    /// - Throws: `KnobError` for the first value that is malformed or out of range, or
    ///   `RuntimeConfigurationError` when the memory thresholds are out of order.
    public init(environment: [String: String]) throws {
        func value(_ knob: Knob) throws -> KnobValue {
            guard let raw = environment[knob.env] else { return knob.defaultValue }
            return try knob.parse(raw)
        }
        func int(_ knob: Knob) throws -> Int { try value(knob).intValue! }
        func bool(_ knob: Knob) throws -> Bool { try value(knob).boolValue! }
        func string(_ knob: Knob) throws -> String { try value(knob).stringValue! }

        maxConcurrent = try int(Knobs.maxConcurrent)
        queueSize = try int(Knobs.queueSize)
        workerThreads = try int(Knobs.workerThreads)
        batchSize = try int(Knobs.batchSize)
        maxMemoryMB = try int(Knobs.maxMemoryMB)
        memoryWarningMB = try int(Knobs.memoryWarningMB)
        memoryCriticalMB = try int(Knobs.memoryCriticalMB)
        enableMemoryPool = try bool(Knobs.enableMemoryPool)
        memoryPoolSize = try int(Knobs.memoryPoolSize)
        memoryPoolBufferKB = try int(Knobs.memoryPoolBufferKB)
        memoryPoolPrealloc = try bool(Knobs.memoryPoolPrealloc)
        cacheSizeMB = try int(Knobs.cacheSizeMB)
        cacheTTL = try int(Knobs.cacheTTL)
        redisURL = try string(Knobs.redisURL)
        redisKeyPrefix = try string(Knobs.redisKeyPrefix)
        chunkSize = try int(Knobs.chunkSize)
        overlapSize = try int(Knobs.overlapSize)
        enableAggressiveGC = try bool(Knobs.enableAggressiveGC)
        gcInterval = try int(Knobs.gcInterval)
        networkTimeout = try int(Knobs.networkTimeout)
        host = try string(Knobs.host)
        port = try int(Knobs.port)
        language = try string(Knobs.language)
        modelDirectory = try string(Knobs.modelDirectory)
        func list(_ knob: Knob) throws -> [String] {
            try string(knob).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        authTokens = try list(Knobs.authTokens)
        allowedDevices = try list(Knobs.allowedDevices).map { $0.lowercased() }

        guard memoryWarningMB < memoryCriticalMB, memoryCriticalMB < maxMemoryMB else {
            throw RuntimeConfigurationError.memoryThresholdsOutOfOrder(
                warning: memoryWarningMB,
                critical: memoryCriticalMB,
                max: maxMemoryMB
            )
        }
    }

    /// The configuration with every knob at its default.
    public static var defaults: RuntimeConfiguration {
        // The defaults are in range and ordered by construction; a failure here is a bug in `Knobs`.
        try! RuntimeConfiguration(environment: [:])
    }
}
