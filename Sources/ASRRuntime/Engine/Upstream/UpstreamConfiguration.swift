import ASRContracts
import Foundation

/// Where and how to reach an upstream engine: an OpenAI-compatible transcription server
/// (`POST <url>/v1/audio/transcriptions`) or a FunASR runtime WebSocket server.
package struct UpstreamConfiguration: Sendable {
    /// The server's address and the endpoints derived from it.
    package var address: UpstreamAddress
    /// How it is spoken to.
    package var wireProtocol: UpstreamProtocol
    /// The `model` form field, e.g. `whisper-1`, `paraformer-zh` (the FunASR protocol sends none).
    package var model: String
    /// Sent as `Authorization: Bearer <key>`; never logged or reported.
    package var apiKey: String?
    /// The most one recognition may take, retries included.
    package var timeoutSeconds: Double
    /// Requests open to the upstream at once; more wait, by priority.
    package var maxInFlight: Int
    /// Consecutive failures that open the circuit breaker.
    package var failureThreshold: Int
    /// How long the breaker stays open before one request may try the upstream again.
    package var openSeconds: Double
    /// The optional `prompt` form field (hot words, context).
    package var prompt: String?

    package init(
        address: UpstreamAddress,
        wireProtocol: UpstreamProtocol = .openAI,
        model: String,
        apiKey: String? = nil,
        timeoutSeconds: Double = 30,
        maxInFlight: Int = 20,
        failureThreshold: Int = 5,
        openSeconds: Double = 2,
        prompt: String? = nil
    ) {
        self.address = address
        self.wireProtocol = wireProtocol
        self.model = model
        self.apiKey = apiKey
        self.timeoutSeconds = timeoutSeconds
        self.maxInFlight = max(1, maxInFlight)
        self.failureThreshold = max(1, failureThreshold)
        self.openSeconds = openSeconds
        self.prompt = prompt
    }
}

extension UpstreamConfiguration {
    /// The upstream `runtime` configures, or nil when `ASR_UPSTREAM_URL` is empty. The API key
    /// is read from `ASR_UPSTREAM_API_KEY_FILE` (surrounding whitespace dropped).
    /// - Throws: `RuntimeConfigurationError.upstream` naming the problem (bad address, missing
    ///   model, unreadable or empty key file) — never the key.
    package init?(runtime: RuntimeConfiguration) throws(RuntimeConfigurationError) {
        if let problem = runtime.upstreamProblem { throw .upstream(problem.message) }
        guard let address = UpstreamAddress(runtime.upstreamURL) else { return nil }
        let key = try runtime.upstreamAPIKey()
        let model = runtime.upstreamModel.trimmingCharacters(in: .whitespaces)
        self.init(
            address: address,
            wireProtocol: runtime.upstreamProtocol,
            // The FunASR protocol names no model; the engine's id still names what it is.
            model: model.isEmpty ? runtime.upstreamProtocol.rawValue : model,
            apiKey: key,
            timeoutSeconds: Double(runtime.upstreamTimeoutSeconds),
            maxInFlight: runtime.upstreamRequestLimit
        )
    }
}
