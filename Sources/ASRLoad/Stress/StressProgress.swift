/// A stress run so far, for the progress line.
package struct StressProgress: Sendable {
    package var elapsedSeconds: Double
    package var durationSeconds: Double
    package var openSessions: Int
    package var started: Int
    package var answered: Int
    package var failed: Int
    package var refused: Int
    package var latencyP95: Double?
    package var rssMB: Double?

    /// One line: `[12/20 s] 8 devices · 23 utterances, 21 answered · p95 0.071 s · RSS 612 MB`.
    package var line: String {
        var parts = [
            "[\(Int(elapsedSeconds))/\(Int(durationSeconds)) s] \(openSessions) devices",
            "\(started) utterances, \(answered) answered",
        ]
        if failed > 0 { parts.append("\(failed) failed") }
        if refused > 0 { parts.append("\(refused) refused") }
        if let latencyP95 { parts.append(String(format: "p95 %.3f s", latencyP95)) }
        if let rssMB { parts.append(String(format: "RSS %.0f MB", rssMB)) }
        return parts.joined(separator: " · ")
    }
}
