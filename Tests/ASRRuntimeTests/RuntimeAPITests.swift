import ASRContracts
import ASRRuntime
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The HTTP contract on the real engine: the guide's request/response, WAV and OpenAI bodies,
/// and errors that name the problem.
@Suite(.serialized) struct RuntimeAPITests {
    typealias H = RuntimeHarness

    @Test func guideJSONRecognisesAndRepeatIsACacheHit() async throws {
        let pcm = try H.bytes("goforward.raw")
        try await H.with { services, client in
            let first = try await client.execute(uri: "/asr/recognize", method: .post, headers: H.json, body: H.guideJSON(pcm)) {
                try H.decode(RecognizeResponse.self, $0)
            }
            #expect(first.success)
            #expect(first.text == "go forward ten meters")
            #expect(!first.cached)
            #expect(first.audioSize == pcm.count)
            #expect(first.sessionID == "s1")
            #expect(first.confidence > 0.5)
            let second = try await client.execute(uri: "/asr/recognize", method: .post, headers: H.json, body: H.guideJSON(pcm)) {
                try H.decode(RecognizeResponse.self, $0)
            }
            #expect(second.text == first.text)
            #expect(second.cached)
            #expect(second.cacheLevel == "l1")
            #expect(services.recognition.statistics.snapshot.decodes == 1)
        }
    }

    @Test func wavBodyAndOpenAIForm() async throws {
        let wav = try H.bytes("cards/001.wav")
        try await H.with { _, client in
            try await client.execute(uri: "/asr/recognize", method: .post, headers: H.wav, body: ByteBuffer(data: wav)) { response in
                #expect(response.status == .ok)
                let recognized = try H.decode(RecognizeResponse.self, response)
                #expect(recognized.text == "ten of clubs")
            }
            let boundary = "XyZ-boundary"
            func form(_ fields: [(String, String)]) -> ByteBuffer {
                var body = Data()
                body.append(
                    Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n".utf8)
                )
                body.append(wav)
                for (name, value) in fields {
                    body.append(Data("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)".utf8))
                }
                body.append(Data("\r\n--\(boundary)--\r\n".utf8))
                return ByteBuffer(data: body)
            }
            let headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
            try await client.execute(uri: "/v1/audio/transcriptions", method: .post, headers: headers, body: form([("model", "whisper-1")])) {
                response in
                #expect(response.status == .ok)
                // OpenAI's `text`, and which engine and language produced it.
                #expect(String(buffer: response.body) == #"{"engine":"pocketsphinx-en-us+balanced","language":"en-US","text":"ten of clubs"}"#)
            }
            try await client.execute(uri: "/v1/audio/transcriptions", method: .post, headers: headers, body: form([("response_format", "text")])) {
                response in
                #expect(String(buffer: response.body) == "ten of clubs\n")
            }
            try await client.execute(
                uri: "/v1/audio/transcriptions",
                method: .post,
                headers: headers,
                body: form([("response_format", "verbose_json")])
            ) { response in
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(object?["text"] as? String == "ten of clubs")
                #expect((object?["duration"] as? Double ?? 0) > 1)
            }
            try await client.execute(uri: "/v1/audio/transcriptions", method: .post, headers: headers, body: form([("response_format", "srt")])) {
                response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("response_format srt"))
            }
        }
    }

    @Test func badInputIsA4xxThatNamesTheProblem() async throws {
        let pcm = try H.bytes("goforward.raw")
        let wav = try H.bytes("cards/001.wav")
        var eightKHz = wav
        eightKHz.replaceSubrange(24..<28, with: withUnsafeBytes(of: UInt32(8000).littleEndian) { Data($0) })
        let stereo = {
            var d = wav
            d.replaceSubrange(22..<24, with: Data([2, 0]))
            return d
        }()
        let cases: [(HTTPFields, ByteBuffer, HTTPResponse.Status, String)] = [
            (H.json, ByteBuffer(string: #"{"audio_data":"@@@ not base64 @@@","sample_rate":16000}"#), .badRequest, "not valid base64"),
            (H.json, H.guideJSON(pcm, sampleRate: 8000), .badRequest, "sample_rate 8000"),
            (H.json, H.guideJSON(pcm, priority: 7), .badRequest, "priority 7"),
            (H.json, ByteBuffer(string: #"{"sample_rate":16000}"#), .badRequest, "missing field \"audio_data\""),
            (H.json, ByteBuffer(string: #"{"audio_data":"","sample_rate":16000}"#), .badRequest, "audio_data is empty"),
            (H.json, H.guideJSON(pcm.dropLast()), .badRequest, "odd"),
            (H.wav, ByteBuffer(data: eightKHz), .badRequest, "8000 Hz"),
            (H.wav, ByteBuffer(data: stereo), .badRequest, "mono"),
            (H.wav, ByteBuffer(data: wav.prefix(wav.count / 2)), .badRequest, "truncated"),
            ([.contentType: "text/plain"], ByteBuffer(string: "hello"), .unsupportedMediaType, "text/plain"),
            ([.contentType: "application/octet-stream"], ByteBuffer(repeating: 0, count: 5_200_000), .contentTooLarge, "larger than"),
        ]
        try await H.with { _, client in
            for (headers, body, status, message) in cases {
                try await client.execute(uri: "/asr/recognize", method: .post, headers: headers, body: body) { response in
                    let text = String(buffer: response.body)
                    #expect(response.status == status, "\(message): \(text)")
                    let error = try? H.decode(ErrorResponse.self, response)
                    #expect(error?.success == false)
                    #expect(error?.error.localizedCaseInsensitiveContains(message) == true, "expected '\(message)' in \(text)")
                }
            }
        }
    }

    @Test func healthIs503UntilModelsAreLoaded() async throws {
        try await H.with(loadModels: false) { services, client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let health = try H.decode(HealthResponse.self, response)
                #expect(health.status == "loading")
            }
            try await client.execute(uri: "/asr/recognize", method: .post, headers: H.json, body: H.guideJSON(try H.bytes("goforward.raw"))) {
                response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] != nil)
            }
            try await services.loadModels()
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let health = try H.decode(HealthResponse.self, response)
                #expect(health.status == "healthy")
                #expect(health.service == "asr")
                #expect(health.workersReady == 1)
                #expect(health.redis == "disabled")
            }
        }
    }

    @Test func statsAndMetricsReportTheGuidesFields() async throws {
        try await H.with(["ASR_BATCH_SIZE": "5", "ASR_CHUNK_SIZE": "320"]) { _, client in
            _ = try await client.execute(uri: "/asr/recognize", method: .post, headers: H.json, body: H.guideJSON(try H.bytes("goforward.raw")))
            try await client.execute(uri: "/asr/stats", method: .get) { response in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let processor = try #require(object["processor"] as? [String: Any])
                let service = try #require(object["service"] as? [String: Any])
                let queues = try #require(object["queues"] as? [String: Any])
                for key in ["total_requests", "avg_processing_time", "cache_hit_rate", "batch_size", "chunk_size", "cache_size"] {
                    #expect(processor[key] != nil, "processor.\(key)")
                }
                for key in [
                    "total_requests", "avg_latency", "concurrent_requests", "current_concurrent", "max_concurrent", "cache_hits", "memory_usage",
                    "cpu_usage",
                ] {
                    #expect(service[key] != nil, "service.\(key)")
                }
                for key in ["high", "medium", "low"] { #expect(queues[key] != nil, "queues.\(key)") }
                #expect(processor["batch_size"] as? Int == 5)
                #expect(processor["chunk_size"] as? Int == 320)
                #expect(processor["total_requests"] as? Int == 1)
                #expect((service["memory_usage"] as? Double ?? 0) > 50)
                #expect(object["latency"] != nil && object["rejections"] != nil && object["redis"] != nil)
                // The guide's clients read these at the top level: each a value, the nested one.
                #expect(object["total_requests"] as? Int == 1)
                #expect(object["batch_size"] as? Int == 5)
                #expect(object["cache_hits"] as? Int == 0)
                #expect((object["cache_hit_rate"] as? NSNumber)?.doubleValue == 0)
                #expect(object["cache_size"] as? Int == processor["cache_size"] as? Int)
                #expect(object["max_concurrent"] as? Int == service["max_concurrent"] as? Int)
                #expect(object["active_connections"] as? Int == 0)
                #expect(object["queue_length"] as? Int == 0)
                #expect(((object["memory_usage_mb"] as? NSNumber)?.doubleValue ?? 0) > 50)
                // And the typed client reads the same document back.
                let stats = try JSONDecoder().decode(StatsResponse.self, from: Data(buffer: response.body))
                #expect(stats.summary.totalRequests == 1)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"asr_requests_total{outcome="decoded"} 1"#))
                #expect(text.contains("asr_resident_memory_bytes"))
                #expect(text.contains("asr_request_duration_seconds_bucket"))
            }
        }
    }
}
