/// Section 4: how many simulated devices streaming in real time the runtime carries with
/// end-of-speech → text p95 ≤ 0.24 s (`asrctl test stress`).
package struct StreamingCapacityResult: Codable, Sendable, Equatable {
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

        enum CodingKeys: String, CodingKey {
            case devices, refused, failed
            case wordErrorRate = "word_error_rate"
            case p95Seconds = "p95_seconds"
            case audioSecondsPerSecond = "audio_seconds_per_second"
            case dutyCycle = "duty_cycle"
        }

        package init(
            devices: Int,
            p95Seconds: Double?,
            audioSecondsPerSecond: Double?,
            dutyCycle: Double?,
            refused: Int,
            failed: Int,
            wordErrorRate: Double? = nil
        ) {
            self.devices = devices
            self.p95Seconds = p95Seconds
            self.audioSecondsPerSecond = audioSecondsPerSecond
            self.dutyCycle = dutyCycle
            self.refused = refused
            self.failed = failed
            self.wordErrorRate = wordErrorRate
        }
    }

    package var probes: [Probe]
    /// The largest device count whose p95 stayed within the target.
    package var maxDevices: Int?
    /// Why nothing was measured, when nothing was.
    package var pending: String?

    enum CodingKeys: String, CodingKey {
        case probes, pending
        case maxDevices = "max_devices"
    }

    package init(probes: [Probe], maxDevices: Int?, pending: String? = nil) {
        self.probes = probes
        self.maxDevices = maxDevices
        self.pending = pending
    }
}
