import Foundation

extension Benchmark {
    /// §2 (and the load levels of §7): the runtime — and, when §7 runs too, the Python peer
    /// beside it — under closed-loop load at 1, W, 2W, 4W clients, distinct audio, caches off.
    ///
    /// Both services are up for the whole section (an idle service costs no CPU) and take turns
    /// level by level, alternating which goes first (ABBA), so a change in the machine's other
    /// load hits both alike. The engine ceiling at W is measured again just before and just
    /// after the saturated levels (2W, 4W): the efficiency ratio compares figures taken seconds
    /// apart.
    func serviceEfficiency(
        engineResult: EngineCeilingResult?,
        withPeer: Bool
    )
        throws -> (service: ServiceEfficiencyResult, recheck: EngineCeilingPoint?, peer: PeerComparisonResult?)
    {
        let workers = options.workers
        let environment = ["ASR_WORKER_THREADS": String(workers), "ASR_CACHE_SIZE_MB": "0", "ASR_REDIS_URL": ""]
        let service = try startRuntime(environment)
        defer { service.stop() }
        var peer: ServiceProcess?
        var peerResult: PeerComparisonResult?
        if withPeer {
            do {
                peer = try startPeer(extraArguments: [])
            } catch {
                peerResult = PeerComparisonResult(
                    workers: workers,
                    command: peerCommand,
                    levels: [],
                    overload2x: nil,
                    idleMB: nil,
                    startupSeconds: 0,
                    skipped: "\(error)"
                )
            }
        }
        defer { peer?.stop() }
        _ = warmIdle(service, workers: workers)
        let peerIdle = peer.map { warmIdle($0, workers: workers) } ?? nil

        let bodies = distinctBodies()
        var ours: [LoadResult] = []
        var theirs: [LoadResult] = []
        var checks: [EngineCeilingPoint] = []
        var overhead: OverheadResult?
        for (index, clients) in levels.enumerated() {
            if clients > 1, overhead == nil {
                progress("  overhead: bare decode, then the same audio to each service, one at a time")
                overhead = try? OverheadProbe(corpus: corpus).run(oursPort: service.port, peerPort: peer?.port)
            }
            if clients == 2 * workers || (clients > workers && checks.isEmpty) {
                progress("  engine: \(workers) decoder(s), just before the saturated levels")
                if let point = try? engine.measure(decoders: workers, seconds: options.budget.engineSeconds / 2).point { checks.append(point) }
            }
            let peerFirst = index % 2 == 1
            if peerFirst, let peer { theirs.append(load(peer, clients: clients, seconds: options.budget.loadSeconds, bodies: bodies)) }
            ours.append(load(service, clients: clients, seconds: options.budget.loadSeconds, bodies: bodies))
            if !peerFirst, let peer { theirs.append(load(peer, clients: clients, seconds: options.budget.loadSeconds, bodies: bodies)) }
        }
        service.stop()
        peer?.stop()
        progress("  engine: \(workers) decoder(s), just after the saturated levels")
        if let point = try? engine.measure(decoders: workers, seconds: options.budget.engineSeconds / 2).point { checks.append(point) }

        // The recheck is the mean of the two bracketing measurements.
        var recheck: EngineCeilingPoint?
        if !checks.isEmpty {
            var pooled = EngineCeilingPoint(
                decoders: workers,
                audioSeconds: checks.reduce(0) { $0 + $1.audioSeconds },
                wallSeconds: checks.reduce(0) { $0 + $1.wallSeconds },
                cpuSeconds: checks.reduce(0) { $0 + $1.audioSeconds / max(1e-9, $1.audioSecondsPerCPUSecond) }
            )
            pooled.audioSecondsPerSecond = checks.reduce(0) { $0 + $1.audioSecondsPerSecond } / Double(checks.count)
            recheck = pooled
        }
        let ceiling = recheck?.audioSecondsPerSecond ?? engineResult?.point(workers)?.audioSecondsPerSecond
        var result = ServiceEfficiencyResult(
            workers: workers,
            environment: environment,
            levels: ours,
            ceilingAudioSecondsPerSecond: ceiling,
            efficiency: nil,
            cpuEfficiency: nil,
            startupSeconds: service.readySeconds,
            overhead: overhead
        )
        if let saturated = result.saturated, let ceiling, ceiling > 0 {
            result.efficiency = saturated.audioSecondsPerSecond / ceiling
        }
        if let saturated = result.saturated, let cpuPerAudio = saturated.cpuSecondsPerAudioSecond, cpuPerAudio > 0,
            let engineCPU = recheck?.audioSecondsPerCPUSecond ?? engineResult?.point(workers)?.audioSecondsPerCPUSecond, engineCPU > 0
        {
            result.cpuEfficiency = (1 / cpuPerAudio) / engineCPU
        }
        if let peer {
            peerResult = PeerComparisonResult(
                workers: workers,
                command: peerCommand,
                levels: theirs,
                overload2x: nil,
                idleMB: peerIdle,
                startupSeconds: peer.readySeconds
            )
        }
        return (result, recheck, peerResult)
    }
}
