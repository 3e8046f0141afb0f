import ASRContracts

/// A steady-state estimate of the runtime's resident memory from its settings, using the engine
/// figures measured on this model: ~84 MB per decoder thread (its decoder ~47 MB plus the
/// thread's copy of the n-gram LM ~33 MB; idle runtime 133 MB with 1 worker, 384 MB with 4),
/// plus the process base, a full L1 cache and a full buffer pool. Device streams add ~53 MB
/// per device listening at the same moment, leased from a pool and trimmed under pressure.
package struct MemoryBudget: Sendable, Hashable {
    /// Resident memory of one decoder thread: its en-us decoder and its copy of the LM.
    package static let perDecoderMB = 84
    /// The runtime without decoders or caches (code, NIO, metrics).
    package static let baseMB = 50

    package let decodersMB: Int
    package let cacheMB: Int
    package let poolMB: Int

    package var totalMB: Int { Self.baseMB + decodersMB + cacheMB + poolMB }

    package init(runtime: RuntimeConfiguration) {
        // With every request routed to the upstream no decoder is loaded.
        decodersMB = runtime.usesPocketSphinx ? runtime.workerThreads * Self.perDecoderMB : 0
        cacheMB = runtime.cacheSizeMB
        poolMB = runtime.enableMemoryPool ? (runtime.memoryPoolSize * runtime.memoryPoolBufferKB + 1023) / 1024 : 0
    }

    /// "50 base + 4×84 decoders + 512 L1 + 2 pool = 900 MB".
    package var breakdown: String {
        "\(Self.baseMB) base + \(decodersMB / Self.perDecoderMB)×\(Self.perDecoderMB) decoders + \(cacheMB) L1 cache + \(poolMB) buffer pool = \(totalMB) MB"
    }
}
