import ASRContracts
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What `check-host` found at the configured upstream engine: `GET <url>/v1/models` with the
/// API key when one is configured (a FunASR WebSocket server: a plain `GET` of its address),
/// timed.
package struct UpstreamReachability: Sendable, Equatable {
    /// The address asked (without credentials).
    package var url: String
    /// The HTTP status it answered; nil when it did not answer.
    package var status: Int?
    package var seconds: Double
    /// The model ids `/v1/models` listed, when it answered such a list.
    package var models: [String]?
    /// Why it did not answer.
    package var error: String?

    package init(url: String, status: Int?, seconds: Double, models: [String]? = nil, error: String? = nil) {
        self.url = url
        self.status = status
        self.seconds = seconds
        self.models = models
        self.error = error
    }

    /// Asks the upstream `runtime` configures; nil when none is configured.
    package static func probe(_ runtime: RuntimeConfiguration, timeout: Double = 5) async -> UpstreamReachability? {
        // The same endpoint, credentials and key the runtime's engine uses.
        guard let address = UpstreamAddress(runtime.upstreamURL) else { return nil }
        let url: URL
        var request: URLRequest
        switch runtime.upstreamProtocol {
        case .openAI:
            url = address.models
            request = URLRequest(url: url, timeoutInterval: timeout)
            // An unreadable key file is validate's finding; the upstream is still asked.
            if let key = try? runtime.upstreamAPIKey() {
                request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
            }
        case .funASRWebSocket:
            // A FunASR server answers a plain HTTP request on its WebSocket address (426
            // Upgrade Required, or 400): any answer shows it listens. It lists no models.
            var components = URLComponents(url: address.url, resolvingAgainstBaseURL: false) ?? URLComponents()
            components.scheme = components.scheme?.lowercased() == "wss" ? "https" : "http"
            url = components.url ?? address.url
            request = URLRequest(url: url, timeoutInterval: timeout)
        }
        let started = Date()
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode
            let models = status == 200 ? (try? JSONDecoder().decode(ModelListResponse.self, from: data))?.data.map(\.id) : nil
            return UpstreamReachability(url: UpstreamAddress.shown(url), status: status, seconds: Date().timeIntervalSince(started), models: models)
        } catch {
            return UpstreamReachability(
                url: UpstreamAddress.shown(url),
                status: nil,
                seconds: Date().timeIntervalSince(started),
                error: error.localizedDescription
            )
        }
    }
}
