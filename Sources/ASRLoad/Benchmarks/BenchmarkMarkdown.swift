import ASRContracts
import ASRRuntime
import Foundation

/// Renders a `BenchmarkReport` as BENCHMARKS.md: machine facts and the command first, the
/// targets with MET/MISSED, then one section per measurement with its table and what it means.
package struct BenchmarkMarkdown: Sendable {
    package var report: BenchmarkReport
    /// Paths of the charts, relative to BENCHMARKS.md, by name.
    package var charts: [String: String]

    package init(report: BenchmarkReport, charts: [String: String] = [:]) {
        self.report = report
        self.charts = charts
    }

    package func render() -> String {
        var out: [String] = []
        let machine = report.machine
        out.append("# Benchmarks")
        out.append("")
        out.append(
            "Measured by `asrctl bench` (`make bench`) on real recorded speech (pocketsphinx-testdata: goforward.raw, cards, librivox), "
                + "with the real PocketSphinx en-us model. Every figure below comes from the one run described here; where a target is a ratio, "
                + "both sides were measured in this run, because the machine is shared and noisy. Raw figures: `bench/results/*.json`."
        )
        if report.quick { out.append("\n> **Quick run** (`--quick`): short windows, indicative figures only.") }
        out.append("")
        out.append("| | |")
        out.append("|---|---|")
        out.append("| command | `\(machine.command)` |")
        out.append("| date | \(machine.date) |")
        out.append("| CPU | \(machine.cpuModel), \(machine.cores) cores |")
        out.append("| memory | \(machine.memoryMB) MB |")
        out.append("| kernel / OS | \(machine.kernel) / \(machine.os) |")
        out.append("| Swift | \(machine.swiftVersion) |")
        out.append("| build | \(machine.buildConfiguration) |")
        out.append("| load average (1 min) at start / end | \(opt(machine.loadAverageStart, "%.2f")) / \(opt(machine.loadAverageEnd, "%.2f")) |")
        out.append(String(format: "| run time | %.0f s (measuring; the release build comes before it) |", report.elapsedSeconds))
        out.append("")
        out.append("## Targets")
        out.append("")
        out.append("| § | target | figure | |")
        out.append("|---|---|---|---|")
        for check in report.targets {
            out.append("| \(check.section.number) | \(check.target) | \(check.figure) | **\(check.status.rawValue)** |")
        }
        if !report.errors.isEmpty {
            out.append("")
            for (section, error) in report.errors.sorted(by: { $0.key < $1.key }) {
                out.append("- section `\(section)` did not complete: \(error.replacingOccurrences(of: "\n", with: " "))")
            }
        }
        for section in report.sections {
            out.append("")
            out.append("## \(section.number). \(section.title)")
            out.append("")
            switch section {
            case .engine: out += engine()
            case .service: out += service()
            case .cache: out += cache()
            case .streaming: out += streaming()
            case .memory: out += memory()
            case .settings: out += settingEffects()
            case .peer: out += peer()
            case .engines: out += enginesSection()
            case .search: out += searchSection()
            }
        }
        out.append("")
        return out.joined(separator: "\n")
    }

    // MARK: Sections

    private func engine() -> [String] {
        guard let engine = report.engine else { return ["Not measured."] }
        var out = [
            "N PocketSphinx decoders (the runtime's `PocketSphinxDecoder`, whole-utterance `full_utt` decoding, the default "
                + "search level `\(SearchLevel.standard.rawValue)` as the service and the peer use it, §9) in one process, "
                + "each created on and owned by its own thread, decoding the corpus back to back. No HTTP, no queue: the ceiling the service is held to.",
            "",
        ]
        out.append("| decoders | audio s decoded | wall s | audio-s/s (× real time) | audio-s per CPU-s | scaling vs 1 |")
        out.append("|---|---|---|---|---|---|")
        let one = engine.point(1)?.audioSecondsPerSecond ?? 0
        for point in engine.points + (engine.recheck.map { [$0] } ?? []) {
            let label = point == engine.recheck ? "\(point.decoders) (re-measured around §2's saturated levels)" : "\(point.decoders)"
            out.append(
                String(
                    format: "| %@ | %.1f | %.1f | **%.2f** | %.2f | %@ |",
                    label,
                    point.audioSeconds,
                    point.wallSeconds,
                    point.audioSecondsPerSecond,
                    point.audioSecondsPerCPUSecond,
                    one > 0 ? String(format: "%.2f×", point.audioSecondsPerSecond / one) : "–"
                )
            )
        }
        out.append("")
        out.append(
            "Per utterance, one decoder alone (median over this section's passes; §2 re-measures decodes next to each request for the paired overhead):"
        )
        out.append("")
        out.append("| utterance | audio s | decode ms | × real time | text |")
        out.append("|---|---|---|---|---|")
        for utterance in engine.utterances {
            out.append(
                String(
                    format: "| %@ | %.2f | %.0f | %.1f | %@ |",
                    utterance.id,
                    utterance.audioSeconds,
                    utterance.decodeSeconds * 1000,
                    utterance.decodeSeconds > 0 ? utterance.audioSeconds / utterance.decodeSeconds : 0,
                    utterance.text
                )
            )
        }
        let errors = engine.wordErrors
        if errors.referenceWords > 0 {
            out.append("")
            out.append(
                String(
                    format:
                        "Word error rate of these whole-utterance (PCM) texts: **%.1f %%** over %d words (§4 gives the same speech streamed as Opus).",
                    errors.rate * 100,
                    errors.referenceWords
                )
            )
        }
        return out
    }

    private func service() -> [String] {
        guard let service = report.service else { return ["Not measured."] }
        var out = [
            "`asrctl serve` (this binary) as a subprocess with W = \(service.workers) decoder threads, "
                + "settings \(Self.environmentList(service.environment)); closed-loop clients on `POST /asr/recognize` (the guide's JSON, base64 PCM), "
                + "every request's audio distinct (a counter in the low bit of 32 samples) and the cache off, so every request is decoded. "
                + String(format: "Started (healthy) in %.2f s.", service.startupSeconds), "",
        ]
        out += loadTable(service.levels, ceiling: service.ceilingAudioSecondsPerSecond)
        out.append("")
        if let efficiency = service.efficiency, let ceiling = service.ceilingAudioSecondsPerSecond {
            out.append(
                String(
                    format:
                        "Efficiency at saturation: **%.2f** of the engine ceiling at %d decoders (%.2f audio-s/s, measured just before and just after the saturated levels, pooled).",
                    efficiency,
                    service.workers,
                    ceiling
                )
            )
        }
        if let efficiency = service.efficiency, efficiency > 1.05 {
            out.append("")
            out.append(
                "> An efficiency above 1 is not physical: the service cannot decode faster than bare decoders. The engine's and the "
                    + "service's figures were taken seconds apart but under different load from other work on this shared machine (see each "
                    + "level's host load). Treat the saturated ratio as noise-bound here and rerun `make bench` on a quiet machine."
            )
        }
        if let one = service.levels.first(where: { $0.clients == 1 }), let single = report.engine?.point(1)?.audioSecondsPerSecond, single > 0 {
            out.append("")
            out.append(
                String(
                    format: "One client against one decoder's ceiling (no queueing, the least noisy ratio): %.2f audio-s/s ÷ %.2f = **%.2f**.",
                    one.audioSecondsPerSecond,
                    single,
                    one.audioSecondsPerSecond / single
                )
            )
        }
        if let cpu = service.cpuEfficiency {
            out.append(
                String(
                    format: "In CPU terms (audio seconds per CPU second of the service process ÷ the same for bare decoder threads): **%.2f** — "
                        + "what HTTP, JSON, base64, queueing and scheduling cost, independent of the machine's other load.",
                    cpu
                )
            )
        }
        if let overhead = service.overhead {
            out.append("")
            out.append(
                "Per-request overhead, paired (\(overhead.pairs) utterances: each decoded by a bare in-process decoder, then "
                    + "at once sent, one request at a time, to the runtime\(overhead.peer == nil ? "" : " and the Python peer")): latency − that decode's time."
            )
            out.append("")
            out.append("| | p50 ms | p95 ms | p99 ms |")
            out.append("|---|---|---|---|")
            for (name, value) in [("bare decode", overhead.decode), ("asrctl overhead", overhead.ours), ("python peer overhead", overhead.peer)] {
                if let value { out.append(String(format: "| %@ | %.1f | %.1f | %.1f |", name, value.p50Ms, value.p95Ms, value.p99Ms)) }
            }
        }
        if let chart = charts["latency"] { out.append("\n![latency against load](\(chart))") }
        if let chart = charts["throughput"] { out.append("\n![throughput against load](\(chart))") }
        return out
    }

    private func cache() -> [String] {
        guard let cache = report.cache else { return ["Not measured."] }
        var out = [
            "Sequential hits of one utterance (goforward.raw, 2.8 s, as JSON with base64 PCM) on one keep-alive connection. "
                + "L1: the runtime's in-process LRU. L2: a fresh runtime with `ASR_CACHE_SIZE_MB=0` on a real `redis-server` (loopback, "
                + "a free port) that the first runtime filled, so every answer comes from Redis (`cache_level: l2`).",
            "", "Client: \(cache.client)", "",
        ]
        out.append("| request | n | p50 ms | p95 ms | p99 ms | max ms | wrong level |")
        out.append("|---|---|---|---|---|---|---|")
        for (name, value, misses) in [
            ("L1 hit", cache.l1, cache.l1Misses), ("L2 (Redis) hit", cache.l2, cache.l2Misses),
            ("`GET /health` (HTTP round trip alone)", cache.healthRoundTrip, 0),
        ] {
            if let value {
                out.append(
                    String(
                        format: "| %@ | %d | %.3f | %.3f | %.3f | %.3f | %d |",
                        name,
                        value.count,
                        value.p50Ms,
                        value.p95Ms,
                        value.p99Ms,
                        value.maxMs,
                        misses
                    )
                )
            }
        }
        if let decode = cache.decodeLatencyMs {
            out.append("")
            out.append(
                String(format: "The same request decoded (first, a miss): %.0f ms. The guide's figure for a hit was 10 ms (on a mock).", decode)
            )
        }
        return out
    }

    private func streaming() -> [String] {
        guard let streaming = report.streaming else { return ["Not measured."] }
        if let pending = streaming.pending { return ["**Not measured yet.** \(pending)"] }
        let think =
            streaming.thinkSeconds.map {
                String(format: ", pausing %.0f s on average between an answer and the next utterance (the assistant's reply playing)", $0)
            } ?? ""
        var out = [
            "Simulated xiaozhi devices (`asrctl test stress`) streaming real speech as 60 ms Opus frames in real time\(think), "
                + "each starting at a random point of its first turn; the largest device count with listen stop → text p95 ≤ 0.24 s "
                + "and every utterance answered. One runtime (no result cache: the devices repeat the corpus's exact audio) serves "
                + "every probe and burst in turn, so each finds the stream decoders the previous one left loaded. Decoded whole: "
                + "listening periods that found no stream decoder idle while others loaded, decoded when they ended.", "",
        ]
        out.append("| devices | p95 s | audio-s/s | duty cycle | word error rate | refused | failed | decoded whole |")
        out.append("|---|---|---|---|---|---|---|---|")
        for probe in streaming.probes {
            out.append(
                "| \(probe.devices) | \(opt(probe.p95Seconds, "%.3f")) | \(opt(probe.audioSecondsPerSecond, "%.2f")) | "
                    + "\(opt(probe.dutyCycle.map { $0 * 100 }, "%.0f %%")) | \(opt(probe.wordErrorRate.map { $0 * 100 }, "%.1f %%")) | "
                    + "\(probe.refused) | \(probe.failed) | \(opt(probe.decodedWhole.map(Double.init), "%.0f")) |"
            )
        }
        if let best = streaming.maxDevices {
            out.append("")
            out.append(String(format: "Capacity: **%d devices**, %.1f devices per core.", best, Double(best) / Double(max(1, report.machine.cores))))
        }
        if let listening = streaming.listeningAtOnce {
            out += [
                "",
                "\(listening.devices) devices listening at once (the same burst, \(listening.devices) devices): RSS peak "
                    + "\(opt(listening.rssPeakMB, "%.0f MB")) (sampled each second), \(listening.answered) answered "
                    + "(p50 \(opt(listening.p50Seconds, "%.3f")) s, max \(opt(listening.maxSeconds, "%.3f")) s), "
                    + "\(listening.refused) refused, \(listening.failed) failed.",
            ]
        }
        if !streaming.bursts.isEmpty {
            out += [
                "",
                "Bursts (`asrctl test stress --burst`): N devices start goforward (2.8 s) in the same frame, once each — N audio "
                    + "seconds per second, shown as a share of the engine ceiling (§1). Latency: each device's listen stop → its stt.",
                "",
                "| × ceiling | devices | answered | p50 s | max s | refused | failed | decoded whole |",
                "|---|---|---|---|---|---|---|---|",
            ]
            for burst in streaming.bursts {
                out.append(
                    "| \(String(format: "%.1f", burst.ceilingShare)) | \(burst.devices) | \(burst.answered) | \(opt(burst.p50Seconds, "%.3f")) | "
                        + "\(opt(burst.maxSeconds, "%.3f")) | \(burst.refused) | \(burst.failed) | "
                        + "\(opt(burst.decodedWhole.map(Double.init), "%.0f")) |"
                )
            }
            out += [
                "",
                "Every device of a burst says the same utterance, so those decoded whole send identical audio, which the runtime "
                    + "decodes once for all of them (identical audio in flight is decoded once): here they cost one decode, where "
                    + "real devices would cost one each.",
            ]
        }
        return out
    }

    private func memory() -> [String] {
        guard let memory = report.memory else { return ["Not measured."] }
        var out = [
            "The runtime's RSS (resident pages of its /proc statm, as `VmRSS`, sampled every 20 ms) with settings \(Self.environmentList(memory.environment)): "
                + "it admits \(memory.admitted) requests at once (`ASR_MAX_CONCURRENT` + `ASR_QUEUE_SIZE`); overload is 2× and 4× that many "
                + "closed-loop clients, distinct audio. A refused client waits 20 ms before its next request.", "",
        ]
        out.append("| state | clients | RSS peak MB | answered/s | refused (503) | 503 p50 ms | 503 p99 ms | 503 max ms | accepted p99 ms |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        out.append("| idle (loaded, one decode per decoder) | 0 | \(opt(memory.idleMB, "%.0f")) | | | | | | |")
        for (name, load) in [("saturation", memory.saturation), ("2× overload", memory.overload2x), ("4× overload", memory.overload4x)] {
            out.append(
                "| \(name) | \(load.clients) | \(opt(load.rssPeakMB, "%.0f")) | \(String(format: "%.2f", load.requestsPerSecond)) | \(load.rejected) | "
                    + "\(opt(load.rejectedLatency?.p50Ms, "%.2f")) | \(opt(load.rejectedLatency?.p99Ms, "%.2f")) | \(opt(load.rejectedLatency?.maxMs, "%.2f")) | "
                    + "\(opt(load.latency?.p99Ms, "%.0f")) |"
            )
        }
        out.append("")
        out.append("Cap `ASR_MAX_MEMORY_MB` = \(memory.capMB) MB.")
        return out
    }

    private func settingEffects() -> [String] {
        guard let effects = report.settings else { return ["Not measured."] }
        var out = ["Each setting tried one way, then the other, under the same workload, one after the other in this run.", ""]
        out.append("| setting | value | workload | audio-s/s | audio-s per CPU-s | p50 ms | p95 ms | cache hits | idle RSS MB |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        for trial in effects.trials {
            out.append(
                "| `\(trial.setting)` | \(trial.value) | \(trial.workload) | \(String(format: "%.2f", trial.audioSecondsPerSecond)) | "
                    + "\(opt(trial.audioSecondsPerCPUSecond, "%.2f")) | \(opt(trial.load?.latency?.p50Ms, "%.0f")) | "
                    + "\(opt(trial.load?.latency?.p95Ms ?? trial.streamP95Seconds.map { $0 * 1000 }, "%.0f")) | \(trial.load.map { "\($0.cacheHits)/\($0.completed)" } ?? "") | "
                    + "\(opt(trial.idleRSSMB, "%.0f")) |"
            )
        }
        out.append("")
        for (setting, finding) in effects.findings.sorted(by: { $0.key < $1.key }) {
            out.append("- `\(setting)`: \(finding)")
        }
        return out
    }

    private func peer() -> [String] {
        guard let peer = report.peer else { return ["Not measured."] }
        if let skipped = peer.skipped { return ["**Not measured.** \(skipped)"] }
        var out = [
            "`\(peer.command)`: the guide's stack as a Python service (standard-library HTTP server, Debian's python3-pocketsphinx, "
                + "same model and options, whole-utterance decoding), \(peer.workers) decoders, result cache off, under the same load as §2 "
                + String(
                    format: "(same distinct audio, same client). Started in %.2f s; idle RSS %@ MB.",
                    peer.startupSeconds,
                    opt(peer.idleMB, "%.0f")
                ), "",
        ]
        out += loadTable(peer.levels, ceiling: report.service?.ceilingAudioSecondsPerSecond)
        if let ours = peer.oursOverload2x {
            out.append("")
            out.append(
                String(
                    format: "asrctl under the same 2× overload, just before: accepted p99 %@ ms, %d refused (503 p99 %@ ms).",
                    opt(ours.latency?.p99Ms, "%.0f"),
                    ours.rejected,
                    opt(ours.rejectedLatency?.p99Ms, "%.1f")
                )
            )
        }
        if let overload = peer.overload2x {
            out.append("")
            out.append(
                String(
                    format: "2× overload (%d clients, same admission settings as §5): accepted p99 %@ ms, %d refused (503 p99 %@ ms).",
                    overload.clients,
                    opt(overload.latency?.p99Ms, "%.0f"),
                    overload.rejected,
                    opt(overload.rejectedLatency?.p99Ms, "%.1f")
                )
            )
        }
        if let ours = report.service {
            out.append("")
            out.append("Side by side (ours ÷ peer):")
            out.append("")
            out.append(
                "| clients | ours audio-s/s | peer audio-s/s | ratio | ours p95 ms | peer p95 ms | ratio | ours latency − §1 decode p50 ms | peer latency − §1 decode p50 ms |"
            )
            out.append("|---|---|---|---|---|---|---|---|---|")
            for level in ours.levels {
                guard let theirs = peer.levels.first(where: { $0.clients == level.clients }) else { continue }
                out.append(
                    "| \(level.clients) | \(String(format: "%.2f", level.audioSecondsPerSecond)) | \(String(format: "%.2f", theirs.audioSecondsPerSecond)) | "
                        + "\(ratio(level.audioSecondsPerSecond, theirs.audioSecondsPerSecond)) | \(opt(level.latency?.p95Ms, "%.0f")) | "
                        + "\(opt(theirs.latency?.p95Ms, "%.0f")) | \(ratio(level.latency?.p95Ms, theirs.latency?.p95Ms)) | "
                        + "\(opt(level.overhead?.p50Ms, "%.1f")) | \(opt(theirs.overhead?.p50Ms, "%.1f")) |"
                )
            }
        }
        return out
    }

    // MARK: Helpers

    private func loadTable(_ levels: [LoadResult], ceiling: Double?) -> [String] {
        var out = [
            "| clients | answered/s | audio-s/s | ÷ ceiling | p50 ms | p95 ms | p99 ms | latency − §1 decode, p50 ms | CPU-s per audio-s | RSS peak MB | 503 | errors | host load |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for level in levels {
            out.append(
                "| \(level.clients) | \(String(format: "%.2f", level.requestsPerSecond)) | \(String(format: "%.2f", level.audioSecondsPerSecond)) | "
                    + "\(ceiling.map { String(format: "%.2f", level.audioSecondsPerSecond / $0) } ?? "–") | \(opt(level.latency?.p50Ms, "%.0f")) | "
                    + "\(opt(level.latency?.p95Ms, "%.0f")) | \(opt(level.latency?.p99Ms, "%.0f")) | \(opt(level.overhead?.p50Ms, "%.1f")) | "
                    + "\(opt(level.cpuSecondsPerAudioSecond, "%.3f")) | \(opt(level.rssPeakMB, "%.0f")) | \(level.rejected) | \(level.failed) | "
                    + "\(opt(level.loadAverage, "%.1f")) |"
            )
        }
        return out
    }

    /// `` `KEY=value` `` pairs, sorted: how a service was configured, for the record.
    static func environmentList(_ environment: [String: String]) -> String {
        environment.sorted { $0.key < $1.key }.map { "`\($0.key)=\($0.value)`" }.joined(separator: " ")
    }

    func opt(_ value: Double?, _ format: String) -> String { Self.opt(value, format) }

    /// `value` formatted, or "–" when there is none.
    static func opt(_ value: Double?, _ format: String) -> String {
        value.map { String(format: format, $0) } ?? "–"
    }

    func ratio(_ ours: Double?, _ theirs: Double?) -> String {
        guard let ours, let theirs, theirs != 0 else { return "–" }
        return String(format: "%.2f", ours / theirs)
    }
}
