import ASRContracts
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What `check-host` found at the configured upstream engine: `GET <url>/v1/models`, with the
/// API key when one is configured, timed.
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
        let address = runtime.upstreamURL.trimmingCharacters(in: .whitespaces)
        guard !address.isEmpty, var components = URLComponents(string: address) else { return nil }
        var path = components.path
        for suffix in ["/audio/transcriptions", "/"] where path.hasSuffix(suffix) { path.removeLast(suffix.count) }
        components.path = path.hasSuffix("/v1") ? path + "/models" : path + "/v1/models"
        components.user = nil
        components.password = nil
        guard let url = components.url else { return nil }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        let keyFile = runtime.upstreamAPIKeyFile.trimmingCharacters(in: .whitespaces)
        if !keyFile.isEmpty, let key = try? String(contentsOfFile: keyFile, encoding: .utf8) {
            request.setValue("Bearer \(key.trimmingCharacters(in: .whitespacesAndNewlines))", forHTTPHeaderField: "Authorization")
        }
        let started = Date()
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode
            let models = status == 200 ? (try? JSONDecoder().decode(ModelList.self, from: data))?.data.map(\.id) : nil
            return UpstreamReachability(url: url.absoluteString, status: status, seconds: Date().timeIntervalSince(started), models: models)
        } catch {
            return UpstreamReachability(
                url: url.absoluteString,
                status: nil,
                seconds: Date().timeIntervalSince(started),
                error: error.localizedDescription
            )
        }
    }

    private struct ModelList: Decodable {
        struct Model: Decodable { var id: String }
        var data: [Model]
    }
}
