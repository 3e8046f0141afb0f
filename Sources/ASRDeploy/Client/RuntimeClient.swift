import ASRContracts
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small client for a running ASR runtime's HTTP API (health, stats, recognition).
public struct RuntimeClient: Sendable {
    /// What went wrong talking to the runtime.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public let baseURL: URL
    public let timeout: TimeInterval

    public init(baseURL: URL, timeout: TimeInterval = 10) {
        self.baseURL = baseURL
        self.timeout = timeout
    }

    /// `http://127.0.0.1:<port>` for a local runtime.
    public static func local(port: Int, timeout: TimeInterval = 10) -> RuntimeClient {
        // A port number always makes a valid URL.
        RuntimeClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!, timeout: timeout)
    }

    /// GET `path` → (HTTP status, body).
    public func get(_ path: String) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.timeoutInterval = timeout
        return try await send(request)
    }

    /// POST `body` with `contentType` to `path` → (HTTP status, body).
    public func post(_ path: String, body: Data, contentType: String) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.timeoutInterval = timeout
        return try await send(request)
    }

    /// `/health` (its body is the report even when the status is 503).
    public func health() async throws -> (status: Int, report: HealthResponse) {
        let (status, body) = try await get("health")
        return (status, try decode(HealthResponse.self, body))
    }

    /// Polls `/health` every `interval` until it answers 200, for at most `timeout` seconds.
    ///
    /// - Parameters:
    ///   - watch: called at most every `watchInterval` seconds while waiting; it throws to give
    ///     up at once (the runtime process or container is gone).
    ///   - diagnose: what to add to the timeout error (e.g. the runtime's last log lines).
    /// - Throws: `DeploymentError.notHealthy` with the last status seen, or what `watch` threw.
    public func waitUntilHealthy(
        timeout: Double,
        interval: Duration = .seconds(1),
        watchInterval: Double = 5,
        watch: (() throws -> Void)? = nil,
        diagnose: (() -> String)? = nil
    ) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        var nextWatch = Date()
        var last = "no answer"
        while Date() < deadline {
            if let watch, Date() >= nextWatch {
                try watch()
                nextWatch = Date().addingTimeInterval(watchInterval)
            }
            if let (status, health) = try? await health() {
                // 200 with `degraded` (an upstream engine unreachable or failing) is not healthy.
                if status == 200, health.status == "healthy" { return }
                last = "status \(health.status)" + (health.reason.map { " (\($0))" } ?? "")
            }
            try await Task.sleep(for: interval)
        }
        let detail = diagnose.map { "\(last)\n\($0())" } ?? last
        throw DeploymentError.notHealthy(url: baseURL.absoluteString, seconds: Int(timeout), detail: detail)
    }

    /// `/asr/stats`.
    public func stats() async throws -> StatsResponse {
        let (status, body) = try await get("asr/stats")
        guard status == 200 else { throw Failure(description: "GET /asr/stats answered \(status)") }
        return try decode(StatsResponse.self, body)
    }

    private func send(_ request: URLRequest) async throws -> (status: Int, body: Data) {
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        } catch {
            throw Failure(description: "\(request.url?.absoluteString ?? "?"): \(error.localizedDescription)")
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw Failure(description: "unexpected answer from \(baseURL.absoluteString): \(error)")
        }
    }
}
