import Foundation

extension Benchmark {
    /// §7: the Python peer with W decoders and its cache off under §2's levels, then with §5's
    /// admission knobs under 2× overload.
    func peerComparison() throws -> PeerComparisonResult {
        let w = options.workers
        let script = options.peerScript
        let command = "/usr/bin/python3 bench/peers/\(script.lastPathComponent) --workers \(w) --cache-size-mb 0"
        guard FileManager.default.fileExists(atPath: script.path) else {
            return PeerComparisonResult(workers: w, command: command, levels: [], overload2x: nil, idleMB: nil, startupSeconds: 0,
                                        skipped: "\(script.path) does not exist (the peer lives on branch python-peer until it is merged).")
        }
        let arguments = ["--workers", String(w), "--cache-size-mb", "0"]
        let peer = try ServiceProcess.peer(python: options.python, script: script, arguments: arguments, workDirectory: workDirectory)
        let idle = warmIdle(peer, workers: w)
        let bodies = distinctBodies()
        let results = levels.map { load(peer, clients: $0, seconds: options.budget.loadSeconds, bodies: bodies) }
        let startup = peer.readySeconds
        peer.stop()

        let admission = admissionEnvironment
        let small = try ServiceProcess.peer(
            python: options.python, script: script,
            arguments: arguments + ["--max-concurrent", admission["ASR_MAX_CONCURRENT"] ?? "2",
                                    "--queue-size", admission["ASR_QUEUE_SIZE"] ?? "2"],
            workDirectory: workDirectory)
        defer { small.stop() }
        _ = warmIdle(small, workers: w)
        let overload = load(small, clients: 4 * w, seconds: options.budget.overloadSeconds, bodies: bodies)
        return PeerComparisonResult(workers: w, command: command, levels: results, overload2x: overload, idleMB: idle,
                                    startupSeconds: startup)
    }
}
