/// Where the runtime is in its life, as /health reports it.
package enum RuntimeState: UInt8, Sendable {
    /// Decoders are loading; /health answers 503.
    case loading
    /// Serving.
    case ready
    /// SIGTERM received: new work gets 503, work in flight is finished.
    case draining
    /// The models could not be loaded.
    case failed
}
