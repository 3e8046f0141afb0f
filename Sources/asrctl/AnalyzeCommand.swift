import ASRDeploy
import ArgumentParser
import Foundation

/// `asrctl analyze [LOG] [--since T] [--html FILE] [--json]`.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Summarise a monitor log: alerts by kind and when, trends per period, an HTML report with charts.",
        discussion: "Reads asrctl monitor's JSON lines and the guide's monitor text log (lines with 告警:)."
    )

    @Argument(help: "The monitor log.")
    var log: String = "logs/asr_monitor.log"

    @Option(help: "Only samples since this time: ISO-8601 (2026-11-29T08:00:00Z) or an age such as 30m, 6h, 2d.")
    var since: String?

    @Option(help: "Also write a self-contained HTML report with SVG charts here.")
    var html: String?

    @Option(help: "Period length in minutes (default: chosen for at most ~24 periods).")
    var period: Int?

    @Flag(help: "Print the analysis as JSON.")
    var json = false

    func run() throws {
        let text: String
        do {
            text = try String(contentsOfFile: log, encoding: .utf8)
        } catch {
            StandardError.write("analyze: cannot read \(log): \(error.localizedDescription)")
            throw ExitCode(ExitCodes.operationFailed)
        }
        let cutoff = try since.map(Self.parseSince)
        let analysis = MonitorAnalysis(log: MonitorLog(text: text, since: cutoff), periodSeconds: period.map { $0 * 60 })
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(analysis), as: UTF8.self))
        } else {
            print(analysis.summary())
        }
        if let html {
            try AnalysisReport.html(analysis).write(toFile: html, atomically: true, encoding: .utf8)
            if !json { print("\nHTML report: \(html)") }
        }
    }

    /// ISO-8601, or an age like `30m`, `6h`, `2d` before now.
    static func parseSince(_ text: String) throws -> Date {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let unit = text.last.flatMap({ units[$0] }), let amount = Double(text.dropLast()) {
            return Date().addingTimeInterval(-amount * unit)
        }
        throw ValidationError("--since takes an ISO-8601 time or an age such as 30m, 6h, 2d; got \(text)")
    }
}
