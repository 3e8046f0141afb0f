extension BenchmarkVerdicts {
    /// asrctl's added latency in front of an upstream (through asrctl − direct, paired), milliseconds.
    package static let addedLatencyP50Ms = 5.0
    package static let addedLatencyP99Ms = 15.0

    /// §8's targets: the added latency, judged on the pairing that isolates asrctl's own work
    /// (`EnginesResult.judgedAddedLatency`), and an upstream result served from asrctl's cache.
    static func engineChecks(_ engines: EnginesResult?) -> [TargetCheck] {
        let judged = engines?.judgedAddedLatency
        var basis = ""
        if let judged {
            basis = " (\(judged.upstream) \(judged.upstreamDecoded ? "decoding" : "answering from its own cache"), \(judged.pairs) pairs)"
        }
        var checks: [TargetCheck] = []
        for (name, limit, value) in [
            ("p50", addedLatencyP50Ms, judged?.added?.p50Ms), ("p99", addedLatencyP99Ms, judged?.added?.p99Ms),
        ] {
            checks.append(
                TargetCheck(
                    section: .engines,
                    target: "asrctl's added latency in front of an upstream (through asrctl − direct, paired) \(name) ≤ \(format(limit)) ms",
                    figure: value.map { String(format: "%@ %.2f ms", name, $0) + basis } ?? "no figure",
                    met: value.map { $0 <= limit }
                )
            )
        }
        let hits = engines?.cacheHits
        var figure = hits.map { String(format: "p99 %.3f ms (p50 %.3f ms, %d requests)", $0.p99Ms, $0.p50Ms, $0.count) } ?? "no figure"
        if let engines, engines.cacheMisses > 0 { figure += ", \(engines.cacheMisses) not an L1 hit of the upstream's result" }
        if let health = engines?.healthRoundTrip {
            figure += String(format: "; `GET /health` alone on the same connection just after: p99 %.3f ms", health.p99Ms)
        }
        checks.append(
            TargetCheck(
                section: .engines,
                target: "an upstream result served from asrctl's cache: p99 ≤ \(format(cacheHitP99Ms)) ms over HTTP",
                figure: figure,
                met: hits.map { $0.p99Ms <= cacheHitP99Ms && engines?.cacheMisses == 0 }
            )
        )
        return checks
    }
}
