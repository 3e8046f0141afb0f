import Foundation

extension Benchmark {
    /// Devices streaming in the end-to-end chunk-size comparison: within §4's measured capacity here.
    static let chunkProbeDevices = 4

    /// §6: workers 1 … cores, batch 1 vs 8, cache on vs off, chunk 320 vs 640 — each value
    /// measured right after the other under the same workload.
    func settingEffects() throws -> SettingEffectsResult {
        let seconds = options.budget.settingSeconds
        let w = options.workers
        var trials: [SettingTrial] = []
        var findings: [String: String] = [:]

        func measure(
            setting: String,
            value: String,
            environment: [String: String],
            clients: Int,
            distinct: Bool,
            workload: String,
            prewarm: Bool = false
        ) throws -> SettingTrial {
            let service = try startRuntime(environment)
            defer { service.stop() }
            let idle = service.residentMB
            if prewarm {
                // Every utterance once, so the window sees the cache warm (as a long-running service would).
                let connection = BenchHTTPConnection(port: service.port)
                let bodies = RecognizeBodies(utterances: corpus.utterances, distinct: false)
                for index in 0..<bodies.count {
                    _ = try? connection.post("/asr/recognize", contentType: "application/json", body: bodies.body(index).body)
                }
            }
            let result = load(
                service,
                clients: clients,
                seconds: seconds,
                bodies: RecognizeBodies(utterances: corpus.utterances, distinct: distinct)
            )
            return SettingTrial(
                setting: setting,
                value: value,
                workload: workload,
                load: result,
                audioSecondsPerSecond: result.audioSecondsPerSecond,
                audioSecondsPerCPUSecond: result.cpuSecondsPerAudioSecond.map { $0 > 0 ? 1 / $0 : 0 },
                idleRSSMB: idle
            )
        }

        // Workers: 2 clients per decoder, distinct audio, cache off.
        var workerTrials: [SettingTrial] = []
        for workers in 1...max(1, options.maxDecoders) {
            progress("  ASR_WORKER_THREADS=\(workers)")
            workerTrials.append(
                try measure(
                    setting: "ASR_WORKER_THREADS",
                    value: String(workers),
                    environment: ["ASR_WORKER_THREADS": String(workers), "ASR_CACHE_SIZE_MB": "0"],
                    clients: 2 * workers,
                    distinct: true,
                    workload: "\(2 * workers) clients, distinct audio, cache off"
                )
            )
        }
        trials += workerTrials
        if let one = workerTrials.first, let most = workerTrials.last, one != most, one.audioSecondsPerSecond > 0 {
            findings["ASR_WORKER_THREADS"] = String(
                format:
                    "1 → %@ decoders: throughput ×%.2f (%.2f → %.2f audio-s/s) on %d cores; idle RSS %.0f → %.0f MB (%.0f MB per extra decoder). %@",
                most.value,
                most.audioSecondsPerSecond / one.audioSecondsPerSecond,
                one.audioSecondsPerSecond,
                most.audioSecondsPerSecond,
                options.maxDecoders,
                one.idleRSSMB ?? 0,
                most.idleRSSMB ?? 0,
                ((most.idleRSSMB ?? 0) - (one.idleRSSMB ?? 0)) / Double(max(1, workerTrials.count - 1)),
                most.audioSecondsPerSecond / one.audioSecondsPerSecond < 1.3
                    ? "The extra decoders bought little or nothing here: the cores were shared with other work (see the host load in §2) — each decoder only adds throughput while a core is free for it."
                    : "Each decoder adds throughput while a core is free for it; beyond the cores they add only memory."
            )
        }

        // Batch: 4 clients per decoder so queues are deep enough for a batch to form.
        var batch: [SettingTrial] = []
        for size in [1, 8] {
            progress("  ASR_BATCH_SIZE=\(size)")
            batch.append(
                try measure(
                    setting: "ASR_BATCH_SIZE",
                    value: String(size),
                    environment: ["ASR_WORKER_THREADS": String(w), "ASR_BATCH_SIZE": String(size), "ASR_CACHE_SIZE_MB": "0"],
                    clients: 4 * w,
                    distinct: true,
                    workload: "\(4 * w) clients, \(w) workers, distinct audio, cache off"
                )
            )
        }
        trials += batch
        if batch.count == 2, batch[0].audioSecondsPerSecond > 0 {
            let p95 = (batch[1].load?.latency?.p95Ms ?? 0) / max(1e-9, batch[0].load?.latency?.p95Ms ?? 1)
            findings["ASR_BATCH_SIZE"] = String(
                format: "8 vs 1: throughput ×%.2f, p95 ×%.2f. On CPU a batch is still decoded one utterance after another by the one decoder "
                    + "that took it (PocketSphinx has no batched search), so a batch buys only fewer queue hand-offs, and costs tail latency: "
                    + "jobs taken into one decoder's batch wait behind it even when the other decoder frees up first. What does save work is "
                    + "that identical audio in flight is decoded once, which this distinct-audio workload never triggers.",
                batch[1].audioSecondsPerSecond / batch[0].audioSecondsPerSecond,
                p95
            )
        }

        // Cache: W clients cycling over the corpus's utterances (repeats), cache on vs off.
        var cache: [SettingTrial] = []
        for size in ["64", "0"] {
            progress("  ASR_CACHE_SIZE_MB=\(size)")
            cache.append(
                try measure(
                    setting: "ASR_CACHE_SIZE_MB",
                    value: size,
                    environment: ["ASR_WORKER_THREADS": String(w), "ASR_CACHE_SIZE_MB": size],
                    clients: w,
                    distinct: false,
                    workload: "\(w) clients repeating the \(corpus.utterances.count) corpus utterances (each sent once before)",
                    prewarm: true
                )
            )
        }
        trials += cache
        if cache.count == 2, cache[1].audioSecondsPerSecond > 0, let on = cache[0].load {
            findings["ASR_CACHE_SIZE_MB"] = String(
                format: "on (64 MB) vs off, when audio repeats: %d of %d answers were hits; throughput ×%.1f (%.2f vs %.2f audio-s/s). "
                    + "With distinct audio (every other section) the cache changes nothing but the cost of a lookup.",
                on.cacheHits,
                on.completed,
                cache[0].audioSecondsPerSecond / cache[1].audioSecondsPerSecond,
                cache[0].audioSecondsPerSecond,
                cache[1].audioSecondsPerSecond
            )
        }

        // Chunk: the engine fed in 320- or 640-byte steps (what a stream does per ASR_CHUNK_SIZE).
        var chunk: [SettingTrial] = []
        for bytes in [640, 320] {
            progress("  ASR_CHUNK_SIZE=\(bytes) (engine, one decoder, streamed in \(bytes)-byte steps)")
            let point = try engine.measure(decoders: 1, seconds: seconds, chunkBytes: bytes).point
            chunk.append(
                SettingTrial(
                    setting: "ASR_CHUNK_SIZE",
                    value: String(bytes),
                    workload: "engine only: one decoder, corpus fed in \(bytes)-byte process calls",
                    load: nil,
                    audioSecondsPerSecond: point.audioSecondsPerSecond,
                    audioSecondsPerCPUSecond: point.audioSecondsPerCPUSecond,
                    idleRSSMB: nil
                )
            )
        }
        trials += chunk
        // End to end: the same simulated devices (same seed, so the same utterances) against a
        // runtime with each chunk size.
        let devices = Self.chunkProbeDevices
        var endToEnd: [StreamingCapacityResult.Probe] = []
        for bytes in [640, 320] {
            progress("  ASR_CHUNK_SIZE=\(bytes) (\(devices) simulated devices streaming for \(Int(seconds * 2)) s)")
            let streaming = StreamingCapacity(
                executable: options.executable,
                workers: w,
                secondsPerProbe: seconds * 2,
                environment: ["ASR_CHUNK_SIZE": String(bytes)],
                thinkSeconds: 3
            )
            if let probe = try? streaming.probe(devices: devices, workDirectory: workDirectory) {
                endToEnd.append(probe)
                trials.append(
                    SettingTrial(
                        setting: "ASR_CHUNK_SIZE",
                        value: String(bytes),
                        workload: "\(devices) simulated devices streaming Opus in real time, \(w) workers",
                        load: nil,
                        audioSecondsPerSecond: probe.audioSecondsPerSecond ?? 0,
                        audioSecondsPerCPUSecond: nil,
                        idleRSSMB: nil,
                        streamP95Seconds: probe.p95Seconds
                    )
                )
            }
        }
        if chunk.count == 2, chunk[0].audioSecondsPerCPUSecond ?? 0 > 0 {
            var finding = String(
                format: "streams only (the HTTP API decodes whole utterances and ignores it). At the engine, 320-byte steps (10 ms) vs 640 "
                    + "(20 ms) decode at ×%.2f the CPU rate (%.2f vs %.2f audio-s per CPU-s): twice the calls, the same search.",
                (chunk[1].audioSecondsPerCPUSecond ?? 0) / (chunk[0].audioSecondsPerCPUSecond ?? 1),
                chunk[1].audioSecondsPerCPUSecond ?? 0,
                chunk[0].audioSecondsPerCPUSecond ?? 0
            )
            if endToEnd.count == 2, let large = endToEnd[0].p95Seconds, let small = endToEnd[1].p95Seconds {
                finding += String(
                    format: " End to end, %d devices with the same utterances: end of speech → stt p95 %.3f s with 640 "
                        + "vs %.3f s with 320 (×%.2f). Either step divides a 60 ms packet, so the last packet is fed "
                        + "whole either way: the setting changes the number of process calls, not when decoding can finish.",
                    devices,
                    large,
                    small,
                    large > 0 ? small / large : 0
                )
            }
            findings["ASR_CHUNK_SIZE"] = finding
        }
        return SettingEffectsResult(trials: trials, findings: findings)
    }
}
