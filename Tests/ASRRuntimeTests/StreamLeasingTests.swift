import ASRRuntime
import Foundation
import Synchronization
import Testing

/// Device streams lease a decoder only while they listen: connected devices that take turns
/// to speak need one decoder, not one each; with memory critical and none free, a lease waits
/// briefly for one given back, then fails with a reason instead of hanging.
@Suite(.serialized) struct StreamLeasingTests {
    typealias H = DeviceHarness

    /// Whose turn it is to speak, for devices connected at the same time.
    actor Turns {
        private var current = 0
        private var finished = 0

        func wait(for turn: Int) async {
            while current != turn { try? await Task.sleep(for: .milliseconds(5)) }
        }

        func advance() { current += 1 }

        /// Returns once `count` devices have called it: nobody hangs up before all are done.
        func finish(of count: Int) async {
            finished += 1
            while finished < count { try? await Task.sleep(for: .milliseconds(5)) }
        }
    }

    /// Four devices stay connected while each speaks twice, in turn: the decoder loaded at
    /// start-up and one spare serve all eight utterances — every lease finds one ready, none waits
    /// for a load — and a device that is connected but not listening holds none.
    @Test func devicesTakingTurnsShareOneDecoder() async throws {
        let devices = 4
        let rounds = 2
        try await H.with { services, client in
            let turns = Turns()
            let idleInUse = Readings()
            let texts = try await withThrowingTaskGroup(of: [String?].self) { group in
                for index in 0..<devices {
                    group.addTask {
                        try await H.device(client, headers: [.init("Device-Id")!: "aa:bb:cc:dd:ee:0\(index)"]) { device in
                            _ = try await device.handshake()
                            var texts: [String?] = []
                            for round in 0..<rounds {
                                await turns.wait(for: round * devices + index)
                                // Everyone is connected, nobody listens.
                                idleInUse.values.withLock { $0.append(services.streams.pool.snapshot.inUse) }
                                texts.append(try await device.speakManually()?.text)
                                // Give the decoder time to go back (the stt is sent after the release).
                                await turns.advance()
                            }
                            await turns.finish(of: devices)
                            return texts
                        }.value
                    }
                }
                return try await group.reduce(into: [String?]()) { $0 += $1 }
            }
            #expect(texts.count == devices * rounds)
            #expect(texts.allSatisfy { $0 == "go forward ten meters" })
            try await Self.waitUntilCreated(2, services)
            let pool = services.streams.pool.snapshot
            #expect(pool.created == 2, "the start-up decoder and one spare for \(devices) devices taking turns: \(pool)")
            #expect(pool.leases == devices * rounds)
            #expect(pool.reused == devices * rounds, "every lease found a decoder loaded")
            #expect(pool.peakInUse == 1)
            #expect(idleInUse.values.withLock { $0 }.allSatisfy { $0 == 0 }, "connected but not listening holds no decoder")
            #expect(pool.sharedLanguageModel)
            #expect(pool.languageModelSlots == 1)
            // /asr/stats reports the same.
            let stats = try H.decodeStats(try await client.execute(uri: "/asr/stats", method: .get))
            #expect(stats.streams.decoders.leases == devices * rounds)
            #expect(stats.streams.decoders.peakInUse == 1)
            #expect(stats.streams.decoders.sharedLanguageModel)
        }
    }

    /// Two devices listening at the same time need two decoders; an auto-mode device holds its
    /// decoder (the probe) until it stops listening, then gives it back. The pool keeps one spare
    /// loaded beyond them.
    @Test func simultaneousListenersLeaseOneEachAndGiveThemBack() async throws {
        try await H.with { services, client in
            let (first, second) = try await H.device(client) { first in
                _ = try await first.handshake()
                try await first.send(H.listen("start", mode: "auto"))
                try await first.send(packets: H.speechPackets + H.silencePackets)
                let auto = try await first.next()
                // Still listening (auto mode): its decoder stays leased while a second device speaks.
                let manual = try await H.device(client, headers: [.init("Device-Id")!: "aa:bb:cc:dd:ee:99"]) { second in
                    _ = try await second.handshake()
                    return try await second.speakManually()
                }.value
                #expect(services.streams.pool.snapshot.inUse == 1, "the auto-mode device still listens")
                try await first.send(H.listen("stop"))
                for _ in 0..<100 where services.streams.pool.snapshot.inUse > 0 { try await Task.sleep(for: .milliseconds(10)) }
                return (auto, manual)
            }.value
            #expect(first?.text == "go forward ten meters")
            #expect(second?.text == "go forward ten meters")
            let pool = services.streams.pool.snapshot
            #expect(pool.inUse == 0)
            #expect(pool.peakInUse == 2)
            #expect(pool.leases == 2)
            // The start-up decoder, then either the spare (taken by the second lease, which
            // starts the next spare) or the second lease's own load (the spare then lands idle):
            // three either way, never one per lease on top of the spares.
            try await Self.waitUntilCreated(3, services)
            #expect(services.streams.pool.snapshot.created == 3)
        }
    }

    /// Spares load in the background: waits (up to 30 s) until `count` decoders were created.
    static func waitUntilCreated(_ count: Int, _ services: RuntimeServices) async throws {
        for _ in 0..<3000 where services.streams.pool.snapshot.created < count { try await Task.sleep(for: .milliseconds(10)) }
    }

    final class Switch: Sendable {
        let on = Mutex(true)
    }

    final class Readings: Sendable {
        let values = Mutex<[Int]>([])
    }

    /// No free decoder and no new one allowed (memory critical): a lease waits briefly for one
    /// another stream gives back, and gets it; if none comes it fails with a reason, not a hang.
    /// A free decoder is still handed out. Surplus idle decoders expire after their time.
    @Test func aLeaseWaitsBrieflyThenFailsWhenNoDecoderIsFreeAndNoneMayBeLoaded() async throws {
        let memoryAllows = Switch()
        let pool = StreamDecoderPool(
            configuration: .englishUS,
            idleLimit: 1,
            surplusIdleSeconds: 5,
            leaseWaitSeconds: 0.5,
            admitNewDecoder: { _ in memoryAllows.on.withLock { $0 } }
        )
        let first = try await pool.acquire()
        let second = try await pool.acquire()
        pool.release(first)
        pool.release(second)
        #expect(pool.snapshot.idle == 2)
        pool.expireSurplus(now: .now + .seconds(1))
        #expect(pool.snapshot.idle == 2, "the surplus is kept for surplusIdleSeconds")
        pool.expireSurplus(now: .now + .seconds(10))
        #expect(pool.snapshot.idle == 1, "then only idleLimit are kept")

        memoryAllows.on.withLock { $0 = false }
        let reused = try await pool.acquire()
        #expect(reused === second, "the most recently returned decoder is kept and reused")
        // A decoder given back while a lease waits goes to that lease.
        let waiting = Task { try await pool.acquire() }
        try await Task.sleep(for: .milliseconds(100))
        pool.release(reused)
        let handedOver = try await waiting.value
        #expect(handedOver === reused)

        let started = ContinuousClock.now
        do {
            _ = try await pool.acquire()
            Issue.record("a lease succeeded with no decoder free and memory critical")
        } catch SpeechEngineError.noDecoder(let reason) {
            #expect(reason.contains("memory"))
        }
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(450) && waited < .seconds(2), "refused after leaseWaitSeconds, not a hang: \(waited)")
        let snapshot = pool.snapshot
        #expect(snapshot.waited == 2)
        #expect(snapshot.refused == 1)
        #expect(snapshot.created == 2)
        #expect(snapshot.reused == 2)
        #expect(snapshot.freed == 1)
        #expect(snapshot.inUse == 1)
        #expect(!snapshot.sharedLanguageModel)
        pool.release(handedOver)
        await pool.shutdown()
    }

    /// A lease that may be decoded whole (`unlessLoading`) queues behind no more than
    /// `loadsAheadLimit` loads: with two decoders loading (a burst) it gets none at once, with a
    /// reason, and the pool counts it; once they are loaded and idle it gets one of them, and
    /// with none idle and nothing loading it loads its own.
    @Test func aLeaseBehindTwoLoadsGetsNoDecoderAtOnce() async throws {
        let loadsAsked = Mutex(0)
        let pool = StreamDecoderPool(
            configuration: .englishUS,
            idleLimit: 4,
            admitNewDecoder: { _ in
                loadsAsked.withLock { $0 += 1 }
                return true
            }
        )
        #expect(StreamDecoderPool.loadsAheadLimit == 2)
        let first = Task { try await pool.acquire() }
        let second = Task { try await pool.acquire() }
        // Both leases have counted their loads once they asked the memory guard; a load takes
        // ~0.3 s (seconds in a debug build), so both are still under way.
        for _ in 0..<2000 where loadsAsked.withLock({ $0 }) < 2 { try await Task.sleep(for: .milliseconds(1)) }
        let started = ContinuousClock.now
        do {
            _ = try await pool.acquire(unlessLoading: true)
            Issue.record("a lease behind two loads waited for a third")
        } catch SpeechEngineError.noDecoder(let reason) {
            #expect(reason.contains("loading"), "\(reason)")
        }
        #expect(ContinuousClock.now - started < .milliseconds(100), "declined at once, not after a load")
        #expect(pool.snapshot.declinedWhileLoading == 1)
        let (a, b) = (try await first.value, try await second.value)
        pool.release(a)
        let idle = try await pool.acquire(unlessLoading: true)
        #expect(idle === a, "an idle decoder is handed out whatever is loading")
        pool.release(b)
        pool.release(idle)
        let leased = [try await pool.acquire(unlessLoading: true), try await pool.acquire(unlessLoading: true)]
        // None idle now and nothing loading: this lease loads its own.
        let own = try await pool.acquire(unlessLoading: true)
        #expect(pool.snapshot.created == 3)
        #expect(pool.snapshot.declinedWhileLoading == 1)
        for decoder in leased + [own] { pool.release(decoder) }
        await pool.shutdown()
    }
}
