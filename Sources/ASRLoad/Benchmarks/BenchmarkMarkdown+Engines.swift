import Foundation

extension BenchmarkMarkdown {
    /// §8: the paths table, the paired added latency, the cache hit, the texts per utterance.
    func enginesSection() -> [String] {
        guard let engines = report.engines else { return ["Not measured."] }
        let seconds = engines.paths.first { $0.route == .inProcess }.map { $0.audioSeconds / Double(max(1, $0.requests)) }
        var out = [
            "The corpus (\(engines.utteranceIDs.count) utterances\(seconds.map { String(format: ", %.1f s of speech each on average", $0) } ?? "")) "
                + "sent three ways, one request at a time: decoded by a bare PocketSphinx decoder in this process; sent straight to an "
                + "upstream engine as the OpenAI transcription form asrctl's own upstream engine sends (`POST /v1/audio/transcriptions`, a WAV); "
                + "and sent through an asrctl whose engine is that upstream (`POST /asr/recognize`, the guide's JSON; `ASR_ENGINE=upstream`, "
                + "its cache off). Direct and through-asrctl requests go in pairs, one right after the other, alternating which goes first; "
                + "every request's audio is marked apart (a counter in the low bit of 32 samples), so every one is decoded.",
            "",
        ]
        for setup in engines.setups { out.append("- \(setup)") }
        if let skipped = engines.whisperSkipped { out.append("- \(skipped)") }
        out.append("")
        out.append(
            "| engine | path | requests | word error rate | p50 ms | p95 ms | engine CPU-s per audio-s | asrctl CPU-s per audio-s | engine RSS MB | asrctl RSS MB |"
        )
        out.append("|---|---|---|---|---|---|---|---|---|---|")
        for path in engines.paths {
            let route =
                switch path.route {
                case .inProcess: "in process"
                case .direct: "direct"
                case .throughAsrctl: "through asrctl"
                }
            out.append(
                "| \(path.engine) | \(route) | \(path.requests)\(path.failed > 0 ? " (+\(path.failed) failed)" : "") | "
                    + "\(opt(path.wordErrorRate.map { $0 * 100 }, "%.1f %%")) | \(opt(path.latency?.p50Ms, "%.0f")) | "
                    + "\(opt(path.latency?.p95Ms, "%.0f")) | \(opt(path.engineCPUPerAudioSecond, "%.3f")) | "
                    + "\(opt(path.frontCPUPerAudioSecond, "%.3f")) | \(opt(path.engineRSSMB, "%.0f")) | \(opt(path.frontRSSMB, "%.0f")) |"
            )
        }
        out.append("")
        out.append(
            "Word error rates count digits as the words they stand for (`10` = `ten`). CPU is read from /proc around each request "
                + "(10 ms ticks, summed over the run). In process, the engine's RSS is what loading one decoder added to this process "
                + "(less when an earlier section's freed decoders left memory to reuse); elsewhere it is the peak of the process."
        )
        out.append("")
        out.append("asrctl's added latency — through asrctl − direct, per pair:")
        out.append("")
        out.append("| upstream | its own work | pairs | direct p50 ms | added p50 ms | added p95 ms | added p99 ms |")
        out.append("|---|---|---|---|---|---|---|")
        for pairing in engines.addedLatency {
            out.append(
                "| \(pairing.upstream) | \(pairing.upstreamDecoded ? "decoding each request" : "answering from its own cache") | \(pairing.pairs) | "
                    + "\(opt(pairing.direct?.p50Ms, "%.1f")) | \(opt(pairing.added?.p50Ms, "%.2f")) | \(opt(pairing.added?.p95Ms, "%.2f")) | "
                    + "\(opt(pairing.added?.p99Ms, "%.2f")) |"
            )
        }
        out.append("")
        out.append(
            "The targets are judged on the pairs whose upstream answered from its own cache: there the difference is asrctl's own work "
                + "(JSON and base64 in, a WAV in a multipart form out, a pooled HTTP round trip, the answer) and nothing else. With the "
                + "upstream decoding, the two decodes of a pair differ from each other by more than that on a shared machine, and the "
                + "difference inherits it."
        )
        if let hits = engines.cacheHits {
            out.append("")
            out.append(
                String(
                    format: "An upstream result served from asrctl's cache (goforward, sequential, one keep-alive connection, asrctl with "
                        + "`ASR_CACHE_SIZE_MB=64` after one request that went to the upstream): p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, "
                        + "max %.3f ms over %d requests; %d not an L1 hit of the upstream's result.",
                    hits.p50Ms,
                    hits.p95Ms,
                    hits.p99Ms,
                    hits.maxMs,
                    hits.count,
                    engines.cacheMisses
                )
                    + (engines.healthRoundTrip.map {
                        String(
                            format: " `GET /health` on the same connection right after, the HTTP round trip alone: p50 %.3f ms, p99 %.3f ms.",
                            $0.p50Ms,
                            $0.p99Ms
                        )
                    } ?? "")
            )
        }
        out += textsTable(engines)
        return out
    }

    /// What each engine heard, utterance by utterance (first pass; the in-process and direct paths).
    private func textsTable(_ engines: EnginesResult) -> [String] {
        let columns = engines.paths.filter { $0.route != .throughAsrctl && !$0.texts.isEmpty }
        guard !columns.isEmpty else { return [] }
        var out = ["", "What each engine heard:", ""]
        out.append(
            "| utterance | transcript | " + columns.map { "\($0.engine)\($0.route == .inProcess ? " (in process)" : "")" }.joined(separator: " | ")
                + " |"
        )
        out.append("|---|---|" + String(repeating: "---|", count: columns.count))
        for (index, id) in engines.utteranceIDs.enumerated() {
            let reference = index < engines.references.count ? engines.references[index] : ""
            let texts = columns.map { index < $0.texts.count ? $0.texts[index] : "–" }
            out.append("| \(id) | \(reference) | " + texts.joined(separator: " | ") + " |")
        }
        return out
    }
}
