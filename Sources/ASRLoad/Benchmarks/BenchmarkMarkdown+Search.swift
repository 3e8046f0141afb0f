import ASRContracts
import Foundation

extension BenchmarkMarkdown {
    /// §9: the Pareto table of the search sweep and what the levels are.
    func searchSection() -> [String] {
        guard let search = report.search, let baseline = search.baseline else { return ["Not measured."] }
        let utterances = baseline.whole.references.count
        var out = [
            "PocketSphinx search options, each decoding the corpus (\(utterances) utterances, "
                + String(format: "%.1f s", baseline.whole.audioSeconds)
                + ") two ways in this process, with no HTTP: **whole** utterances as the engine decodes an HTTP request (`full_utt`), "
                + "and **streamed** as a device stream decodes one — the utterance through the runtime's Opus encoder and decoder (60 ms packets, "
                + "24 kb/s), fed to a `StreamRecognizer` in manual mode in `ASR_CHUNK_SIZE` steps (\(search.chunkBytes) B) with `-fwdflat no` added, "
                + "one recognizer going through the utterances in order (the cepstral mean carried from one to the next, as one device's), "
                + "each packet a job, then `listen stop`. CPU is the decoding thread's own (`CLOCK_THREAD_CPUTIME_ID`), which other work on "
                + "the machine does not inflate; the candidates take turns, round-robin over \(search.repetitions) repetitions (the order "
                + "rotated each time), so drift falls on all alike. Ratios are against `accurate` — today's default, the model's own search — "
                + "in this run; the range is the lowest and highest of the per-repetition ratios. "
                + "Host load average (1 min): \(opt(search.loadAverageStart, "%.2f")) before, \(opt(search.loadAverageEnd, "%.2f")) after.",
            "",
            "| candidate | options | whole CPU-s per audio-s | × accurate | whole WER | streamed CPU-s per audio-s | × accurate (range) | streamed WER | Δ streamed WER | stop → text p50 / p95 ms (CPU ms) | Pareto front |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for result in search.candidates {
            let name = result.candidate.level.map { "**\($0.rawValue)**\($0 == search.defaultLevel ? " (default)" : "")" } ?? result.candidate.name
            let wholeRatio = result.whole.cpuPerAudioSecond / max(baseline.whole.cpuPerAudioSecond, .leastNonzeroMagnitude)
            let streamedRatio = result.streamed.cpuPerAudioSecond / max(baseline.streamed.cpuPerAudioSecond, .leastNonzeroMagnitude)
            let range =
                result.streamed.cpuRatioRange(against: baseline.streamed).map { String(format: " (%.2f–%.2f)", $0.lowerBound, $0.upperBound) } ?? ""
            let delta = (result.streamed.wordErrors.rate - baseline.streamed.wordErrors.rate) * 100
            let fronts = [
                search.isOnFront(result, path: \.whole) ? "whole" : nil, search.isOnFront(result, path: \.streamed) ? "streamed" : nil,
            ].compactMap { $0 }
            out.append(
                String(
                    format: "| %@ | `%@` | %.3f | %.2f | %.1f %% | %.3f | %.2f%@ | %.1f %% | %+.1f | %.0f / %.0f (%.0f) | %@ |",
                    name,
                    result.candidate.optionsText,
                    result.whole.cpuPerAudioSecond,
                    wholeRatio,
                    result.whole.wordErrors.rate * 100,
                    result.streamed.cpuPerAudioSecond,
                    streamedRatio,
                    range,
                    result.streamed.wordErrors.rate * 100,
                    delta,
                    result.stopJob?.p50Ms ?? 0,
                    result.stopJob?.p95Ms ?? 0,
                    result.stopJobCPUMilliseconds,
                    fronts.isEmpty ? "–" : fronts.joined(separator: ", ")
                )
            )
        }
        out.append("")
        out.append(
            "WER counts digits as the words they stand for and `mr` as `mister`, over \(baseline.whole.wordErrors.referenceWords) words. "
                + "Stop → text is the wall time of the `listen stop` job (the last chunk and `endUtterance`), one per streamed utterance and "
                + "repetition, and in brackets the mean job's thread CPU time, which the machine's load does not inflate. A candidate is on a Pareto front when no other one needs at most its CPU with at most its word errors on that "
                + "path and is better on one. `ASR_SEARCH_LEVEL` sets the levels' options for HTTP and streams alike (streams always add "
                + "`-fwdflat no`); each level's engine id differs (`pocketsphinx-en-us`, `…+balanced`, `…+fast`), so no cached text crosses levels."
        )
        return out
    }
}
