/// Section 4: how many simulated devices streaming in real time the runtime carries with
/// end-of-speech → text p95 ≤ 0.24 s (`asrctl test stress`), and how it answers bursts.
package struct StreamingCapacityResult: Codable, Sendable, Equatable {
    /// A burst (`asrctl test stress --burst`): `devices` devices say goforward together, once.
    package struct Burst: Codable, Sendable, Equatable {
        /// Audio seconds per second during the burst (one per device) ÷ the engine ceiling.
        package var ceilingShare: Double
        package var devices: Int
        package var answered: Int
        package var refused: Int
        package var failed: Int
        /// Listen stop → stt, over the answered devices.
        package var p50Seconds: Double?
        package var maxSeconds: Double?
        /// The runtime's RSS, sampled each second during the burst.
        package var rssPeakMB: Double?
        /// Devices whose utterance was decoded whole when it ended: no stream decoder was idle
        /// and others were loading.
        package var decodedWhole: Int?

        package init(
            ceilingShare: Double,
            devices: Int,
            answered: Int,
            refused: Int,
            failed: Int,
            p50Seconds: Double?,
            maxSeconds: Double?,
            rssPeakMB: Double? = nil,
            decodedWhole: Int? = nil
        ) {
            self.ceilingShare = ceilingShare
            self.devices = devices
            self.answered = answered
            self.refused = refused
            self.failed = failed
            self.p50Seconds = p50Seconds
            self.maxSeconds = maxSeconds
            self.rssPeakMB = rssPeakMB
            self.decodedWhole = decodedWhole
        }

        enum CodingKeys: String, CodingKey {
            case devices, answered, refused, failed
            case ceilingShare = "ceiling_share"
            case p50Seconds = "p50_seconds"
            case maxSeconds = "max_seconds"
            case rssPeakMB = "rss_peak_mb"
            case decodedWhole = "decoded_whole"
        }
    }

    /// One stress run.
    package struct Probe: Codable, Sendable, Equatable {
        package var devices: Int
        package var p95Seconds: Double?
        package var audioSecondsPerSecond: Double?
        package var dutyCycle: Double?
        package var refused: Int
        package var failed: Int
        /// Word error rate of the answered utterances against their transcripts (0…1).
        package var wordErrorRate: Double?
        /// Listening periods decoded whole when they ended (no stream decoder idle, others loading).
        package var decodedWhole: Int?

        enum CodingKeys: String, CodingKey {
            case devices, refused, failed
            case wordErrorRate = "word_error_rate"
            case p95Seconds = "p95_seconds"
            case audioSecondsPerSecond = "audio_seconds_per_second"
            case dutyCycle = "duty_cycle"
            case decodedWhole = "decoded_whole"
        }

        package init(
            devices: Int,
            p95Seconds: Double?,
            audioSecondsPerSecond: Double?,
            dutyCycle: Double?,
            refused: Int,
            failed: Int,
            wordErrorRate: Double? = nil,
            decodedWhole: Int? = nil
        ) {
            self.devices = devices
            self.p95Seconds = p95Seconds
            self.audioSecondsPerSecond = audioSecondsPerSecond
            self.dutyCycle = dutyCycle
            self.refused = refused
            self.failed = failed
            self.wordErrorRate = wordErrorRate
            self.decodedWhole = decodedWhole
        }
    }

    package var probes: [Probe]
    /// The devices' mean pause between an answer and their next utterance.
    package var thinkSeconds: Double?
    /// The largest device count whose p95 stayed within the target.
    package var maxDevices: Int?
    package var bursts: [Burst]
    /// `StreamingCapacity.listeningAtOnce` devices starting together: memory with every one
    /// holding a stream decoder.
    package var listeningAtOnce: Burst?
    /// Why nothing was measured, when nothing was.
    package var pending: String?

    enum CodingKeys: String, CodingKey {
        case probes, pending, bursts
        case listeningAtOnce = "listening_at_once"
        case thinkSeconds = "think_seconds"
        case maxDevices = "max_devices"
    }

    package init(
        probes: [Probe],
        thinkSeconds: Double? = nil,
        maxDevices: Int?,
        bursts: [Burst] = [],
        listeningAtOnce: Burst? = nil,
        pending: String? = nil
    ) {
        self.probes = probes
        self.thinkSeconds = thinkSeconds
        self.maxDevices = maxDevices
        self.bursts = bursts
        self.listeningAtOnce = listeningAtOnce
        self.pending = pending
    }

    /// Results written before bursts were measured read as having none.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        probes = try container.decode([Probe].self, forKey: .probes)
        thinkSeconds = try container.decodeIfPresent(Double.self, forKey: .thinkSeconds)
        maxDevices = try container.decodeIfPresent(Int.self, forKey: .maxDevices)
        bursts = try container.decodeIfPresent([Burst].self, forKey: .bursts) ?? []
        listeningAtOnce = try container.decodeIfPresent(Burst.self, forKey: .listeningAtOnce)
        pending = try container.decodeIfPresent(String.self, forKey: .pending)
    }
}
