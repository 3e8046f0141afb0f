import ASRContracts
import Foundation

/// Where and how to reach an OpenAI-compatible transcription server
/// (`POST <url>/v1/audio/transcriptions`).
package struct UpstreamConfiguration: Sendable {
    /// The server's base address, e.g. `http://funasr:8000`; `/v1/audio/transcriptions` is appended
    /// unless the path already ends with it.
    package var url: URL
    /// The `model` form field, e.g. `whisper-1`, `paraformer-zh`.
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
        url: URL,
        model: String,
        apiKey: String? = nil,
        timeoutSeconds: Double = 30,
        maxInFlight: Int = 20,
        failureThreshold: Int = 5,
        openSeconds: Double = 2,
        prompt: String? = nil
    ) {
        self.url = url
        self.model = model
        self.apiKey = apiKey
        self.timeoutSeconds = timeoutSeconds
        self.maxInFlight = max(1, maxInFlight)
        self.failureThreshold = max(1, failureThreshold)
        self.openSeconds = openSeconds
        self.prompt = prompt
    }

    /// The transcription endpoint.
    package var transcriptionsURL: URL {
        let path = url.path
        if path.hasSuffix("/v1/audio/transcriptions") { return url }
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.path = trimmed + (trimmed.hasSuffix("/v1") ? "/audio/transcriptions" : "/v1/audio/transcriptions")
        return components.url ?? url
    }

    /// The address as it may be shown: without user, password or query.
    package var displayURL: String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.user = nil
        components.password = nil
        components.query = nil
        return components.string ?? "upstream"
    }
}

extension UpstreamConfiguration {
    /// The upstream `runtime` configures, or nil when `ASR_UPSTREAM_URL` is empty. The API key
    /// is read from `ASR_UPSTREAM_API_KEY_FILE` (surrounding whitespace dropped).
    /// - Throws: `RuntimeConfigurationError.upstream` naming the problem (bad address, missing
    ///   model, unreadable or empty key file) — never the key.
    package init?(runtime: RuntimeConfiguration) throws(RuntimeConfigurationError) {
        if let problem = runtime.upstreamProblem { throw .upstream(problem) }
        let address = runtime.upstreamURL.trimmingCharacters(in: .whitespaces)
        guard !address.isEmpty, let url = URL(string: address) else { return nil }
        var key: String?
        let keyFile = runtime.upstreamAPIKeyFile.trimmingCharacters(in: .whitespaces)
        if !keyFile.isEmpty {
            guard let contents = try? String(contentsOfFile: keyFile, encoding: .utf8) else {
                throw .upstream("ASR_UPSTREAM_API_KEY_FILE \(keyFile) cannot be read")
            }
            let trimmed = contents.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw .upstream("ASR_UPSTREAM_API_KEY_FILE \(keyFile) is empty") }
            key = trimmed
        }
        self.init(
            url: url,
            model: runtime.upstreamModel.trimmingCharacters(in: .whitespaces),
            apiKey: key,
            timeoutSeconds: Double(runtime.upstreamTimeoutSeconds),
            maxInFlight: runtime.upstreamRequestLimit
        )
    }
}
