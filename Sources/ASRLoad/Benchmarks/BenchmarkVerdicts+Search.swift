import ASRContracts
import Foundation

extension BenchmarkVerdicts {
    /// §9: the default level's CPU per audio second at most this share of today's default's.
    package static let searchCPUShare = 2.0 / 3.0
    /// §9: the default level's streamed word error rate at most this many points above today's.
    package static let searchStreamedWERPoints = 3.0

    /// §9's target: the default level against `accurate` (today's default), same run, on both
    /// paths' CPU and the streamed word error rate.
    static func searchChecks(_ search: SearchLevelsResult?) -> [TargetCheck] {
        let target =
            "CPU per audio second ≥ 1/3 lower than today's default (whole and streamed, same run), streamed WER within \(format(searchStreamedWERPoints)) points"
        guard let search, let baseline = search.baseline, let chosen = search.level(search.defaultLevel) else {
            return [TargetCheck(section: .search, target: target, figure: "no figure", met: nil)]
        }
        let whole = chosen.whole.cpuPerAudioSecond / max(baseline.whole.cpuPerAudioSecond, .leastNonzeroMagnitude)
        let streamed = chosen.streamed.cpuPerAudioSecond / max(baseline.streamed.cpuPerAudioSecond, .leastNonzeroMagnitude)
        let points = (chosen.streamed.wordErrors.rate - baseline.streamed.wordErrors.rate) * 100
        let figure = String(
            format: "%@ (default) ÷ accurate: whole ×%.2f, streamed ×%.2f CPU-s per audio-s; streamed WER %.1f %% vs %.1f %% (%+.1f points)",
            chosen.candidate.name,
            whole,
            streamed,
            chosen.streamed.wordErrors.rate * 100,
            baseline.streamed.wordErrors.rate * 100,
            points
        )
        let met = whole <= searchCPUShare && streamed <= searchCPUShare && points <= searchStreamedWERPoints
        return [TargetCheck(section: .search, target: target, figure: figure, met: met)]
    }
}
