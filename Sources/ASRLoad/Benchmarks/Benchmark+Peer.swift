import ASRContracts
import ASRRuntime
import Foundation

extension Benchmark {
    /// How the peer is started (for the record).
    var peerCommand: String {
        "/usr/bin/python3 bench/peers/\(options.peerScript.lastPathComponent) --workers \(options.workers) --cache-size-mb 0 '\(peerSearchOptions)'"
    }

    /// The runtime's default search level's options, so the peer searches as the runtime does
    /// (and as §1's ceiling decoders do).
    var peerSearchOptions: String {
        "--search-options=\(SearchLevel.standard.pocketSphinxArguments.joined(separator: " "))"
    }

    /// The peer with W decoders and its cache off (plus `extraArguments`).
    func startPeer(extraArguments: [String]) throws -> ServiceProcess {
        guard FileManager.default.fileExists(atPath: options.peerScript.path) else {
            throw BenchmarkError.process("\(options.peerScript.path) does not exist (asrctl bench --peer PATH names another)")
        }
        return try ServiceProcess.peer(
            python: options.python,
            script: options.peerScript,
            arguments: ["--workers", String(options.workers), "--cache-size-mb", "0", peerSearchOptions] + extraArguments,
            workDirectory: workDirectory
        )
    }

    /// §7: the load levels come from §2, which ran the peer beside the runtime (`levels`); here
    /// the peer with §5's admission settings under 2× overload, and — when §2 did not run — the
    /// levels on their own.
    func peerComparison(levels measured: PeerComparisonResult?) throws -> PeerComparisonResult {
        let w = options.workers
        var result: PeerComparisonResult
        if let measured {
            result = measured
        } else {
            let peer = try startPeer(extraArguments: [])
            defer { peer.stop() }
            let idle = warmIdle(peer, workers: w)
            let bodies = distinctBodies()
            let results = levels.map { load(peer, clients: $0, seconds: options.budget.loadSeconds, bodies: bodies) }
            result = PeerComparisonResult(
                workers: w,
                command: peerCommand,
                levels: results,
                overload2x: nil,
                idleMB: idle,
                startupSeconds: peer.readySeconds
            )
        }
        guard result.skipped == nil else { return result }
        let admission = admissionEnvironment
        let bodies = distinctBodies()
        do {
            let ours = try startRuntime(admission)
            defer { ours.stop() }
            _ = warmIdle(ours, workers: w)
            result.oursOverload2x = load(ours, clients: 4 * w, seconds: options.budget.overloadSeconds, bodies: bodies)
        }
        let small = try startPeer(extraArguments: [
            "--max-concurrent", admission["ASR_MAX_CONCURRENT"] ?? "2",
            "--queue-size", admission["ASR_QUEUE_SIZE"] ?? "2",
        ])
        defer { small.stop() }
        _ = warmIdle(small, workers: w)
        result.overload2x = load(small, clients: 4 * w, seconds: options.budget.overloadSeconds, bodies: bodies)
        return result
    }
}
