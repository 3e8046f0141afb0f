/// A steady-state estimate of the runtime's resident memory from its knobs, using the engine
/// figures measured on this model (DESIGN.md): ~92 MB per PocketSphinx decoder, plus the
/// process base, a full L1 cache and a full buffer pool.
public struct MemoryBudget: Sendable, Hashable {
    /// Resident memory of one loaded en-us decoder.
    public static let perDecoderMB = 92
    /// The runtime without decoders or caches (code, NIO, metrics).
    public static let baseMB = 60

    public let decodersMB: Int
    public let cacheMB: Int
    public let poolMB: Int

    public var totalMB: Int { Self.baseMB + decodersMB + cacheMB + poolMB }

    public init(configuration: EffectiveConfiguration) {
        decodersMB = configuration.int("ASR_WORKER_THREADS") * Self.perDecoderMB
        cacheMB = configuration.int("ASR_CACHE_SIZE_MB")
        poolMB = configuration.bool("ASR_ENABLE_MEMORY_POOL")
            ? (configuration.int("ASR_MEMORY_POOL_SIZE") * configuration.int("ASR_MEMORY_POOL_BUFFER_KB") + 1023) / 1024
            : 0
    }

    /// "60 base + 4×92 decoders + 512 L1 + 2 pool = 942 MB".
    public var breakdown: String {
        "\(Self.baseMB) base + \(decodersMB / Self.perDecoderMB)×\(Self.perDecoderMB) decoders + \(cacheMB) L1 cache + \(poolMB) buffer pool = \(totalMB) MB"
    }
}
