/// The stream decoder pool's figures, in `/asr/stats` → `streams.decoders`.
public struct StreamDecoderPoolSnapshot: Sendable, Equatable, Codable {
    /// Decoders created so far.
    public var created: Int
    /// Leases (listening periods) served by a decoder that existed already.
    public var reused: Int
    /// Leases so far: one per listening period that got a decoder.
    public var leases: Int
    /// Decoders leased now (streams with an utterance or probe open).
    public var inUse: Int
    /// The most decoders leased at once.
    public var peakInUse: Int
    /// Decoders kept for the next lease.
    public var idle: Int
    /// Decoders kept for good when idle; more are kept for `surplus_idle_seconds`.
    public var idleLimit: Int
    public var surplusIdleSeconds: Double
    /// Decoders freed (surplus, memory pressure, a stream closed mid-utterance, shutdown).
    public var freed: Int
    /// Leases that found no decoder free and memory critical, and waited for one given back.
    public var waited: Int
    /// Of those, leases refused because none came back within `lease_wait_seconds`.
    public var refused: Int
    /// Leases that found no decoder free while another was loading, and had their listening
    /// period decoded whole instead of waiting for a load (a burst).
    public var declinedWhileLoading: Int
    public var leaseWaitSeconds: Double
    /// Mean seconds to load one decoder's models.
    public var averageLoadSeconds: Double
    /// Whether the decoders share the engine's language model, and its instances (one per
    /// decoder thread).
    public var sharedLanguageModel: Bool
    public var languageModelSlots: Int

    package init(
        created: Int,
        reused: Int,
        leases: Int,
        inUse: Int,
        peakInUse: Int,
        idle: Int,
        idleLimit: Int,
        surplusIdleSeconds: Double,
        freed: Int,
        waited: Int,
        refused: Int,
        declinedWhileLoading: Int,
        leaseWaitSeconds: Double,
        averageLoadSeconds: Double,
        sharedLanguageModel: Bool,
        languageModelSlots: Int
    ) {
        self.created = created
        self.reused = reused
        self.leases = leases
        self.inUse = inUse
        self.peakInUse = peakInUse
        self.idle = idle
        self.idleLimit = idleLimit
        self.surplusIdleSeconds = surplusIdleSeconds
        self.freed = freed
        self.waited = waited
        self.refused = refused
        self.declinedWhileLoading = declinedWhileLoading
        self.leaseWaitSeconds = leaseWaitSeconds
        self.averageLoadSeconds = averageLoadSeconds
        self.sharedLanguageModel = sharedLanguageModel
        self.languageModelSlots = languageModelSlots
    }

    enum CodingKeys: String, CodingKey {
        case created, reused, leases, idle, freed, waited, refused
        case leaseWaitSeconds = "lease_wait_seconds"
        case declinedWhileLoading = "declined_while_loading"
        case inUse = "in_use"
        case peakInUse = "peak_in_use"
        case idleLimit = "idle_limit"
        case surplusIdleSeconds = "surplus_idle_seconds"
        case averageLoadSeconds = "average_load_seconds"
        case sharedLanguageModel = "shared_language_model"
        case languageModelSlots = "language_model_slots"
    }
}
