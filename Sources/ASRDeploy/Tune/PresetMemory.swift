/// The host memory `tune --auto` compares with a preset's `host_memory_below_mb`. Those
/// thresholds are sized for the guide's deployment: the runtime with its PocketSphinx decoders,
/// alone on the host with Redis. So the engine service's memory limit is taken off the host (it
/// is memory the runtime cannot have), and the decoders' memory (`MemoryBudget`) is added back
/// when no request goes to PocketSphinx (the runtime loads none, so the host is that much less
/// tight for it).
struct PresetMemory: Sendable, Equatable, CustomStringConvertible {
    let hostMB: Int
    /// `engine_service.memory_limit` when an engine service is rendered, else 0.
    let engineServiceMB: Int
    /// What the thresholds count for decoders that this runtime does not load.
    let unloadedDecodersMB: Int

    init(hostMemoryMB: Int, configuration: DeploymentConfiguration) {
        hostMB = hostMemoryMB
        let engine = configuration.engineService
        engineServiceMB = engine.renderedImage == nil ? 0 : Int(engine.resources.memoryLimit.mebibytes)
        let runtime = configuration.runtime
        unloadedDecodersMB = runtime.workerThreads * MemoryBudget.perDecoderMB - MemoryBudget(runtime: runtime).decodersMB
    }

    /// The memory to compare with the thresholds.
    var comparedMB: Int { hostMB - engineServiceMB + unloadedDecodersMB }

    /// `host memory 8192 MB`, or with its terms: `host memory 8192 MB − 3072 MB for the engine
    /// service + 336 MB of decoders not loaded = 5456 MB`.
    var description: String {
        var text = "host memory \(hostMB) MB"
        if engineServiceMB > 0 { text += " − \(engineServiceMB) MB for the engine service" }
        if unloadedDecodersMB > 0 { text += " + \(unloadedDecodersMB) MB of decoders not loaded (no request goes to PocketSphinx)" }
        return comparedMB == hostMB ? text : "\(text) = \(comparedMB) MB"
    }
}
