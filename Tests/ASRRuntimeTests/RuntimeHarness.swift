import ASRContracts
import ASRRuntime
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A runtime with real decoders behind the real router, driven in process through
/// HummingbirdTesting. Each harness loads its own decoders (≈0.3 s each) with the given settings.
struct RuntimeHarness {
    /// Runs `body` against a runtime configured by `environment` (ASR_* settings; L2 off unless
    /// ASR_REDIS_URL is given; one decoder unless ASR_WORKER_THREADS is given).
    static func with<Value: Sendable>(
        _ environment: [String: String] = [:],
        loadModels: Bool = true,
        _ body: @Sendable (RuntimeServices, any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        // The memory guard reads this test process's RSS, which every suite running in parallel
        // shares; a cap far above it keeps other suites' decoders from shedding this one's work.
        // The memory setting tests set their own thresholds.
        var settings = [
            "ASR_WORKER_THREADS": "1", "ASR_REDIS_URL": "", "ASR_MAX_MEMORY_MB": "60000",
            "ASR_MEMORY_WARNING_MB": "50000", "ASR_MEMORY_CRITICAL_MB": "55000",
        ]
        settings.merge(environment) { $1 }
        let services = try RuntimeServices(configuration: RuntimeConfiguration(environment: settings))
        if loadModels { try await services.loadModels() }
        let app = Application(router: buildRouter(services: services))
        do {
            let value = try await app.test(.router) { client in try await body(services, client) }
            await services.shutdown()
            return value
        } catch {
            await services.shutdown()
            throw error
        }
    }

    static let data = URL(fileURLWithPath: "/usr/share/pocketsphinx/test/data")

    static func bytes(_ relativePath: String) throws -> Data {
        try Data(contentsOf: data.appendingPathComponent(relativePath))
    }

    /// The guide's JSON body for raw PCM `pcm`.
    static func guideJSON(_ pcm: Data, priority: Int? = nil, sampleRate: Int = 16000, session: String = "s1") -> ByteBuffer {
        var object: [String: Any] = [
            "session_id": session, "audio_data": pcm.base64EncodedString(), "sample_rate": sampleRate,
            "language": "en-US", "timestamp": 1_732_000_000.0,
        ]
        if let priority { object["priority"] = priority }
        return ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    static let json: HTTPFields = [.contentType: "application/json"]
    static let wav: HTTPFields = [.contentType: "audio/wav"]

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(buffer: response.body))
    }
}
