import ASRRuntime
import Foundation

/// What a stress run simulates.
public struct StressOptions: Sendable {
    /// How a simulated device ends an utterance.
    public enum Mode: String, Sendable, Codable, CaseIterable {
        /// Push-to-talk: `listen stop` right after the last speech frame; end of speech = the stop.
        case manual
        /// The server's endpointer decides: the device goes on sending silence frames until
        /// the `stt` arrives; the latency then includes the endpointer's hangover.
        case auto
    }

    /// Simulated devices, each its own WebSocket connection.
    public var devices: Int
    /// Seconds devices start new utterances; the run then waits for the answers in flight.
    public var durationSeconds: Double
    /// Mean pause between an answer and the device's next utterance (the assistant's reply
    /// playing, the person thinking); each pause is drawn from 0.5× … 1.5× of it.
    public var thinkSeconds: Double
    public var mode: Mode
    /// The runtime's HTTP base URL; devices connect to its `/xiaozhi/v1/`.
    public var baseURL: URL
    /// How long a device waits for its `stt` before counting the utterance failed.
    public var answerTimeoutSeconds: Double
    /// `Authorization: Bearer` token for runtimes that require one.
    public var token: String?
    /// How devices frame binary messages (`Protocol-Version` 1, 2 or 3).
    public var framing: BinaryFraming
    /// Seeds which utterance each device says and its pauses, so runs repeat.
    public var seed: UInt64
    /// A burst instead of a conversation: every device says the same utterance once (the
    /// corpus's `burstUtterance`), all starting in the same frame; `durationSeconds` and
    /// `thinkSeconds` do not apply.
    public var burst: Bool

    public init(
        devices: Int,
        durationSeconds: Double,
        thinkSeconds: Double = 3,
        mode: Mode = .manual,
        baseURL: URL,
        answerTimeoutSeconds: Double = 10,
        token: String? = nil,
        framing: BinaryFraming = .version1,
        seed: UInt64 = 1,
        burst: Bool = false
    ) {
        self.devices = devices
        self.durationSeconds = durationSeconds
        self.thinkSeconds = thinkSeconds
        self.mode = mode
        self.baseURL = baseURL
        self.answerTimeoutSeconds = answerTimeoutSeconds
        self.token = token
        self.framing = framing
        self.seed = seed
        self.burst = burst
    }

    /// Rejects options no run can use, naming the option and the allowed range.
    public func validate() throws(StressError) {
        guard (1...500).contains(devices) else { throw .options("--devices \(devices) is out of range: 1…500") }
        guard durationSeconds >= 1, durationSeconds <= 86_400 else {
            throw .options("--duration \(durationSeconds) is out of range: 1…86400 seconds")
        }
        guard thinkSeconds >= 0, thinkSeconds <= 600 else { throw .options("--think \(thinkSeconds) is out of range: 0…600 seconds") }
        guard answerTimeoutSeconds > 0 else { throw .options("the answer timeout must be positive") }
        guard let scheme = baseURL.scheme, ["http", "https"].contains(scheme), baseURL.host != nil else {
            throw .options("--url \(baseURL.absoluteString) must be an http:// or https:// URL of the runtime")
        }
    }

    /// `ws://host:port/xiaozhi/v1/` for the runtime at `baseURL`.
    public var deviceURL: String {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.scheme = baseURL.scheme == "https" ? "wss" : "ws"
        components.path = "/xiaozhi/v1/"
        components.query = nil
        return components.string ?? "ws://127.0.0.1:8001/xiaozhi/v1/"
    }
}
