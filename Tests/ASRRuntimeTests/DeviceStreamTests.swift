import ASRContracts
import ASRRuntime
import Foundation
import HummingbirdTesting
import NIOWebSocket
import TestSupport
import Testing

/// The devices' WebSocket end to end: a live runtime with the real model, simulated xiaozhi
/// devices streaming real speech (goforward.raw) as real 60 ms Opus packets. Serialized: each
/// test loads its own decoders, and the stall test measures time.
@Suite(.serialized, .ownThreads) struct DeviceStreamTests {
    typealias H = DeviceHarness

    static var speechBytes: Int { H.speechPackets.count * 960 * 2 }

    @Test func manualModeAnswersGoForwardOnListenStop() async throws {
        try await H.with { services, client in
            let ((hello, stt), close) = try await H.device(client) { device in
                let hello = try await device.handshake()
                let stt = try await device.speakManually()
                return (hello, stt)
            }
            #expect(hello.transport == "websocket")
            #expect(hello.audioParameters == .init(format: "opus", sampleRate: 16000, channels: 1, frameDuration: 60))
            let session = try #require(hello.sessionID)
            #expect(!session.isEmpty)
            #expect(stt == .init(type: "stt", text: "go forward ten meters", sessionID: session))
            #expect(close == nil || close?.closeCode == .normalClosure)

            let stats = services.streams.statistics.snapshot
            let utterance = try #require(stats.lastUtterance)
            #expect(utterance.mode == .manual)
            #expect(utterance.ending == .stop)
            #expect(utterance.audioBytes == Self.speechBytes)
            #expect(stats.opusPackets == H.speechPackets.count)
            // The slot is back once the device has gone.
            for _ in 0..<100 where services.scheduler.snapshot.open > 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(services.scheduler.snapshot.open == 0)
            // The HTTP API answers on the same port.
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(try JSONDecoder().decode(HealthResponse.self, from: Data(buffer: health.body)).service == "asr")
        }
    }

    @Test func autoModeEndpointerCutsTheUtteranceOnTrailingSilence() async throws {
        try await H.with { services, client in
            // Identity from query parameters this time, as browser clients send it.
            let (stt, _) = try await H.device(client, headers: [:], query: "?device-id=11:22:33:44:55:66&client-id=web") { device in
                let hello = try await device.handshake()
                try await device.send(H.listen("start", mode: "auto"))
                // No `listen stop`: the endpointer must end each utterance by itself.
                try await device.send(packets: H.speechPackets + H.silencePackets)
                let first = try await device.next()
                try await device.send(packets: H.speechPackets + H.silencePackets)
                let second = try await device.next()
                return ([first, second], hello.sessionID)
            }
            for reply in stt.0 {
                #expect(reply == .init(type: "stt", text: "go forward ten meters", sessionID: stt.1))
            }
            #expect(services.streams.statistics.snapshot.utterances == 2)
            let utterance = try #require(services.streams.statistics.snapshot.lastUtterance)
            #expect(utterance.mode == .auto)
            #expect(utterance.ending == .silence)
            #expect(utterance.preRollBytes == 64, "ASR_OVERLAP_SIZE default")
        }
    }

    /// `ASR_CHUNK_SIZE` sets the step: the same utterance takes ⌈bytes / chunk⌉ `process` calls.
    @Test(arguments: [640, 3200])
    func chunkSizeSetsTheProcessCallsPerUtterance(chunk: Int) async throws {
        try await H.with(["ASR_CHUNK_SIZE": "\(chunk)"]) { services, client in
            let (stt, _) = try await H.device(client) { device in
                _ = try await device.handshake()
                return try await device.speakManually()
            }
            #expect(stt?.text == "go forward ten meters")
            let utterance = try #require(services.streams.statistics.snapshot.lastUtterance)
            #expect(utterance.audioBytes == Self.speechBytes)
            #expect(utterance.processCalls == (Self.speechBytes + chunk - 1) / chunk)
            // Operators see the same figures in /asr/stats.
            let stats = try H.decodeStats(try await client.execute(uri: "/asr/stats", method: .get))
            #expect(stats.processor.chunkSize == chunk)
            #expect(stats.streams.chunkSize == chunk)
            #expect(stats.streams.activity.processCalls == utterance.processCalls)
            #expect(stats.streams.activity.lastUtterance?.processCalls == utterance.processCalls)
            #expect(stats.streams.decoders.leases == 1)
            #expect(stats.streams.decoders.reused == 1, "the decoder loaded at start-up was ready")
        }
    }

    /// `ASR_OVERLAP_SIZE` sets how much audio from before the detected speech start is kept.
    @Test(arguments: [0, 3200])
    func overlapSetsThePreRollKeptBeforeSpeech(overlap: Int) async throws {
        try await H.with(["ASR_OVERLAP_SIZE": "\(overlap)"]) { services, client in
            let (stt, _) = try await H.device(client) { device in
                _ = try await device.handshake()
                try await device.send(H.listen("start", mode: "auto"))
                try await device.send(packets: H.speechPackets + H.silencePackets)
                return try await device.next()
            }
            #expect(stt?.text == "go forward ten meters")
            let utterance = try #require(services.streams.statistics.snapshot.lastUtterance)
            #expect(utterance.preRollBytes == overlap)
            // The pre-roll is one process call of its own, the rest are whole chunks.
            let chunks = (utterance.audioBytes - overlap) / 640
            #expect(utterance.processCalls == chunks + (overlap > 0 ? 1 : 0))
        }
    }

    @Test func aDeviceOverMaxConcurrentIsRefusedWithAMessage() async throws {
        try await H.with(["ASR_MAX_CONCURRENT": "1"]) { services, client in
            let (refusal, close) = try await H.device(client) { first in
                _ = try await first.handshake()
                // The first device holds the only slot while the second tries to connect.
                let (reply, close) = try await H.device(client) { second in
                    // The device speaks first; the refusal answers its hello.
                    try await second.send(H.hello())
                    let reply = try await second.next()
                    let after = try await second.next()
                    return (reply, after)
                }
                #expect(reply.1 == nil, "closed after the message")
                return (reply.0, close)
            }.value
            #expect(refusal?.type == "error")
            #expect(refusal?.code == "concurrency_limit")
            #expect(refusal?.message?.contains("ASR_MAX_CONCURRENT=1") == true)
            #expect(close?.closeCode == .unknown(1013))
            #expect(services.streams.statistics.snapshot.refused == 1)
            #expect(services.recognition.statistics.snapshot.rejected[.concurrencyLimit] == 1)

            // Once the first has gone, the slot is free again.
            for _ in 0..<100 where services.scheduler.snapshot.open > 0 { try await Task.sleep(for: .milliseconds(10)) }
            let (stt, _) = try await H.device(client) { device in
                _ = try await device.handshake()
                return try await device.speakManually()
            }
            #expect(stt?.text == "go forward ten meters")
        }
    }

    @Test func onlyAllowedDevicesOrTokenHoldersAreAdmittedWhenAccessIsEnforced() async throws {
        try await H.with(["ASR_AUTH_TOKENS": "s3cret", "ASR_ALLOWED_DEVICES": "AA:BB:CC:DD:EE:01"]) { services, client in
            // Neither on the list nor with a token: told why, closed with 1008, no slot taken.
            let (denied, close) = try await H.device(client, headers: [.init("Device-Id")!: "aa:bb:cc:dd:ee:99"]) { device in
                try await device.send(H.hello())
                return try await device.next()
            }
            #expect(denied?.code == "unauthorized")
            #expect(denied?.message?.contains("bearer token") == true)
            #expect(close?.closeCode == .policyViolation)
            let wrong = try await H.device(client, headers: [.init("Device-Id")!: "aa:bb:cc:dd:ee:99", .authorization: "Bearer guess"]) { device in
                try await device.send(H.hello())
                return try await device.next()
            }.value
            #expect(wrong?.message?.contains("not one of ASR_AUTH_TOKENS") == true)
            #expect(wrong?.message?.contains("guess") == false, "the token sent is never echoed")

            // On the allow-list (case does not matter), or with the token: a normal session.
            let listed = try await H.device(client, headers: [.init("Device-Id")!: "aa:bb:cc:dd:ee:01"]) { device in
                _ = try await device.handshake()
                return try await device.speakManually()
            }.value
            #expect(listed?.text == "go forward ten meters")
            let bearer = try await H.device(client, headers: [.init("Device-Id")!: "aa:bb:cc:dd:ee:99", .authorization: "Bearer s3cret"]) { device in
                try await device.handshake().type
            }.value
            #expect(bearer == "hello")
            #expect(services.streams.statistics.snapshot.unauthorized == 2)
            #expect(services.streams.statistics.snapshot.opened == 2)
        }
    }

    @Test(arguments: [BinaryFraming.version2, .version3])
    func framedProtocolVersionsAreUnderstood(framing: BinaryFraming) async throws {
        try await H.with { services, client in
            let (replies, _) = try await H.device(client, headers: [.init("Protocol-Version")!: "\(framing.rawValue)"]) { device in
                _ = try await device.handshake()
                let text = try await device.speakManually(H.speechPackets.map { framing.frame(opus: $0) })
                // A bare Opus packet does not fit the framing: answered with an error, the session goes on.
                try await device.send(H.listen("start", mode: "manual"))
                try await device.send(packets: [[0xF8, 0xFF, 0xFE]])
                let error = try await device.next()
                try await device.send(H.listen("stop"))
                return (text, error)
            }
            #expect(replies.0?.text == "go forward ten meters")
            #expect(replies.1?.code == "bad_audio")
            #expect(replies.1?.message?.contains("protocol version \(framing.rawValue)") == true)
        }
    }

    @Test func anUnknownProtocolVersionIsRefusedAtHello() async throws {
        try await H.with { _, client in
            let reply = try await H.device(client, headers: [.init("Protocol-Version")!: "4"]) { device in
                try await device.send(H.hello())
                return try await device.next()
            }.value
            #expect(reply?.code == "bad_hello")
            #expect(reply?.message?.contains("use 1, 2 or 3") == true)
        }
    }

    @Test func detectDropsTheWakeWordAudio() async throws {
        try await H.with { _, client in
            let (stt, _) = try await H.device(client) { device in
                _ = try await device.handshake()
                try await device.send(H.listen("start", mode: "manual"))
                try await device.send(packets: H.speechPackets)  // the wake word, say
                try await device.send(#"{"type":"listen","state":"detect","text":"hello"}"#)
                try await device.send(packets: H.speechPackets)
                try await device.send(H.listen("stop"))
                return try await device.next()
            }
            #expect(stt?.text == "go forward ten meters")
        }
    }

    /// Waits up to 30 s for `condition`; fails the test naming `what` if it never holds.
    static func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
        for _ in 0..<3000 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        try #require(condition(), "waited 30 s for \(what)")
    }

    /// A stream has one decoder job queued at a time, of `streamJobAudioSeconds` (0.12 s, two
    /// packets): while the decoder is busy, what arrives waits in the stream — ten packets make
    /// one queued job, not five — and goes in a job once that one has run; nothing is lost.
    /// The one decoder is held by a job that waits on a semaphore, not by timing.
    @Test func aStreamQueuesOneJobAtATimeAndBatchesWhatArrivesMeanwhile() async throws {
        #expect(RuntimeConfiguration.defaults.streamJobAudioSeconds == 0.12)
        try await H.with { services, client in
            let statistics = services.streams.statistics
            let packets = H.speechPackets
            let (stt, _) = try await H.device(client) { device in
                _ = try await device.handshake()
                try await device.send(H.listen("start", mode: "manual"))
                try await Self.waitUntil("the listen start's job") { statistics.snapshot.jobs == 1 }

                let hold = await DecoderHold(services)
                try await device.send(packets: Array(packets[0..<10]))
                try await Self.waitUntil("10 packets to arrive") { statistics.snapshot.opusPackets == 10 }
                try await Task.sleep(for: .milliseconds(300))
                #expect(services.scheduler.count == 1, "one job of this stream waits for the busy decoder")
                #expect(statistics.snapshot.jobs == 1)

                // Free again: the queued job runs, and a next one takes any packets that waited
                // (all ten may have arrived before the first job was taken).
                await hold.release()
                try await Self.waitUntil("the queued job to run") { statistics.snapshot.jobs >= 2 }
                try await device.send(packets: Array(packets[10...]))
                try await device.send(H.listen("stop"))
                return try await device.next()
            }
            #expect(stt?.text == "go forward ten meters")
            #expect(statistics.snapshot.lastUtterance?.audioBytes == Self.speechBytes)
        }
    }

    /// When the decoders are behind real time by more than `busyLagSeconds`, a device that starts
    /// listening is told `busy` at once instead of being admitted to wait; the device already
    /// speaking is answered, and once the decoders have caught up the next listen is admitted.
    /// The lag is made by holding the one decoder (a semaphore, not timing) while the first
    /// device's audio waits for it.
    @Test func aNewUtteranceIsToldBusyWhileTheDecodersAreBehind() async throws {
        let shortBound: (inout RuntimeConfiguration) -> Void = { $0.streamBusyLagSeconds = 0.5 }
        try await H.with(configure: shortBound) { services, client in
            let statistics = services.streams.statistics
            let (first, _) = try await H.device(client) { device in
                _ = try await device.handshake()
                try await device.send(H.listen("start", mode: "manual"))
                try await Self.waitUntil("the listen start's job") { statistics.snapshot.jobs == 1 }
                let hold = await DecoderHold(services)
                // A job's worth of audio (0.48 s) queues a job that the held decoder cannot take.
                try await device.send(packets: Array(H.speechPackets[0..<12]))
                try await Self.waitUntil("the stream to fall behind") { services.scheduler.streamLagSeconds > 0.5 }

                let (refusal, _) = try await H.device(client, headers: [.init("Device-Id")!: "aa:bb:cc:dd:ee:01"]) { second in
                    _ = try await second.handshake()
                    try await second.send(H.listen("start", mode: "manual"))
                    return try await second.next()
                }
                #expect(refusal?.type == "error")
                #expect(refusal?.code == "busy")
                #expect(refusal?.message?.contains("behind real time") == true)

                await hold.release()
                try await device.send(packets: Array(H.speechPackets[12...]))
                try await device.send(H.listen("stop"))
                return try await device.next()
            }
            #expect(first?.text == "go forward ten meters")
            #expect(statistics.snapshot.refusedUtterances == 1)

            let (later, _) = try await H.device(client) { device in
                _ = try await device.handshake()
                return try await device.speakManually()
            }
            #expect(later?.text == "go forward ten meters")
        }
    }

    /// SIGTERM (`drain()`): a device in mid-utterance is told `shutting_down` and closed with
    /// 1001 (going away), the drain ends once its slot is back, and a device that connects
    /// while the runtime shuts down is refused with the same reason (1013, try again later).
    @Test func shuttingDownClosesStreamsAndRefusesNewOnes() async throws {
        try await H.with { services, client in
            let ((notice, after), close) = try await H.device(client) { device in
                _ = try await device.handshake()
                try await device.send(H.listen("start", mode: "manual"))
                try await device.send(packets: Array(H.speechPackets.prefix(5)))
                try await Self.waitUntil("the device's slot") { services.scheduler.snapshot.open == 1 }
                let drained = Task { await services.drain() }
                let notice = try await device.next()
                let after = try await device.next()
                await drained.value
                return (notice, after)
            }
            #expect(notice?.type == "error")
            #expect(notice?.code == "shutting_down")
            #expect(after == nil, "the server closed the stream")
            #expect(close?.closeCode == .goingAway)
            #expect(services.scheduler.snapshot.open == 0, "drain() returned with a slot still held")

            let (refusal, refusedClose) = try await H.device(client) { device in
                try await device.send(H.hello())
                return try await device.next()
            }
            #expect(refusal?.code == "shutting_down")
            #expect(refusedClose?.closeCode == .unknown(1013))
        }
    }

    @Test func aStalledStreamIsClosedAfterNetworkTimeout() async throws {
        try await H.with(["ASR_NETWORK_TIMEOUT": "2"]) { services, client in
            // A device that is connected but not listening is not stalled: it keeps its stream.
            async let idle = H.device(client) { device in
                _ = try await device.handshake()
                try await Task.sleep(for: .seconds(3))
                return try await device.speakManually()
            }
            let ((reply, after, waited), close) = try await H.device(client) { device in
                _ = try await device.handshake()
                try await device.send(H.listen("start", mode: "manual"))
                try await device.send(packets: Array(H.speechPackets.prefix(5)))
                let stalled = ContinuousClock.now
                let reply = try await device.next()
                let waited = ContinuousClock.now - stalled
                return (reply, try await device.next(), waited)
            }
            #expect(reply?.type == "error")
            #expect(reply?.code == "timeout")
            #expect(reply?.message?.contains("ASR_NETWORK_TIMEOUT") == true)
            #expect(after == nil, "the server closed the stream")
            #expect(close?.closeCode == .policyViolation)
            #expect(waited >= .milliseconds(1900) && waited < .seconds(4), "closed after ~2 s, took \(waited)")
            #expect(services.streams.statistics.snapshot.timedOut == 1)
            for _ in 0..<100 where services.scheduler.snapshot.open > 1 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(services.scheduler.snapshot.open == 1, "its slot was released; the idle device keeps its own")
            #expect(try await idle.value?.text == "go forward ten meters")
        }
    }

    @Test func malformedMessagesGetErrorsAndDisturbNoSession() async throws {
        try await H.with { services, client in
            async let clean = H.device(client) { device in
                _ = try await device.handshake()
                return try await device.speakManually()
            }
            let (errors, stt) = try await H.device(client) { device in
                var errors: [String?] = []
                try await device.send("this is not json")
                errors.append(try await device.next()?.code)
                try await device.send(#"{"no_type":true}"#)
                errors.append(try await device.next()?.code)
                try await device.send(#"{"type":"bogus"}"#)
                errors.append(try await device.next()?.code)
                try await device.send(H.listen("start", mode: "manual"))
                errors.append(try await device.next()?.code)  // before hello
                _ = try await device.handshake()
                try await device.send(H.listen("sideways"))
                errors.append(try await device.next()?.code)
                try await device.send(H.listen("start", mode: "telepathic"))
                errors.append(try await device.next()?.code)
                try await device.send(H.listen("start", mode: "manual"))
                try await device.send(packets: [[0x03, 0x00]])  // not an Opus packet
                errors.append(try await device.next()?.code)
                try await device.send(packets: [[]])  // empty frame
                errors.append(try await device.next()?.code)
                // The same session still recognises.
                try await device.send(packets: H.speechPackets)
                try await device.send(H.listen("stop"))
                return (errors, try await device.next())
            }.value
            #expect(errors == ["bad_json", "bad_json", "unknown_type", "no_hello", "bad_listen", "bad_listen", "bad_audio", "bad_audio"])
            #expect(stt?.type == "stt")
            #expect(stt?.text == "go forward ten meters")
            #expect(try await clean.value?.text == "go forward ten meters")
            let stats = services.streams.statistics.snapshot
            #expect(stats.badPackets == 2)
            #expect(stats.protocolErrors == 6)
            #expect(stats.utterances == 2)
        }
    }
}
